"""Authentication backends."""
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class EmailBackend(ModelBackend):
    """Authenticate a user by email address and password.

    Email matching is case-insensitive because members type their address
    however they like. Falls through (returns ``None``) so that the default
    ``ModelBackend`` can still authenticate admin users by username.
    """

    def authenticate(self, request, username=None, password=None, email=None, **kwargs):
        UserModel = get_user_model()
        email = email or username or kwargs.get(UserModel.EMAIL_FIELD)
        if not email or password is None:
            return None
        try:
            user = UserModel._default_manager.get(email__iexact=email.strip())
        except UserModel.DoesNotExist:
            # Run the password hasher once to reduce the timing difference
            # between an existing and a non-existing user.
            UserModel().set_password(password)
            return None
        except UserModel.MultipleObjectsReturned:
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
