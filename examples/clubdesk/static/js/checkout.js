(function () {
  'use strict';

  var element = document.getElementById('payment-element');
  if (!element || typeof Stripe === 'undefined') {
    return;
  }

  var stripe = Stripe(element.dataset.publishableKey || '');
  var elements = stripe.elements({ clientSecret: element.dataset.clientSecret });
  var paymentElement = elements.create('payment');
  paymentElement.mount('#payment-element');

  document.getElementById('pay').addEventListener('click', function (event) {
    event.preventDefault();
    stripe.confirmPayment({
      elements: elements,
      confirmParams: { return_url: window.location.origin + '/events/bookings/' }
    }).then(function (result) {
      if (result.error) {
        window.alert(result.error.message);
      }
    });
  });
})();
