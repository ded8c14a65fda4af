//! Reliability, performance and observability rules over application code:
//! how it fails (REL), how it scales with data (PERF), and whether anyone
//! finds out when it breaks (OBS).

use crate::rule::Rule;

mod celery;
mod does_not_exist;
mod email;
mod error_tracking;
mod exceptions;
mod flow;
mod functions;
mod health_check;
mod http_timeout;
mod indexes;
mod len_queryset;
mod list_views;
mod log_secrets;
mod loops;
mod models;
mod pagination;
mod print_calls;
pub(crate) mod queryset;
mod static_files;
mod support;

/// The queryset analysis of every application file and the models (`rules::build_shared_analyses`).
pub(crate) fn build_shared_analyses(checker: &crate::checker::Checker) {
    use rayon::prelude::*;
    checker.application_files().collect::<Vec<_>>().par_iter().for_each(|file| {
        queryset::querysets(file);
    });
    checker.shared(models::Models::build);
}

/// This family's rules (wired into the registry by `rules::all`).
pub static RULES: &[&Rule] = &[
    &exceptions::SWALLOWED_EXCEPTION,
    &does_not_exist::GET_WITHOUT_DOES_NOT_EXIST,
    &http_timeout::HTTP_WITHOUT_TIMEOUT,
    &email::EMAIL_FAIL_SILENTLY,
    &celery::CELERY_NO_TIME_LIMIT,
    &celery::CELERY_NETWORK_NO_RETRY,
    &does_not_exist::USER_RELATION_UNGUARDED,
    &pagination::LIST_VIEW_WITHOUT_PAGINATION,
    &pagination::UNPAGINATED_QUERYSET_RENDERED,
    &loops::N_PLUS_ONE,
    &len_queryset::LEN_OF_QUERYSET,
    &loops::QUERY_IN_LOOP,
    &indexes::FIELD_WITHOUT_INDEX,
    &static_files::STATIC_FILES_NOT_SERVED,
    &static_files::STATIC_ROOT_UNSET,
    &error_tracking::NO_ERROR_TRACKING,
    &health_check::NO_HEALTH_CHECK,
    &print_calls::PRINT_IN_APPLICATION,
    &log_secrets::SECRET_IN_LOG,
];
