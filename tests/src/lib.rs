//! End-to-end test suite for diplograph; the tests live in `tests/`.
