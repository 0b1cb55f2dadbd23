//! Front-channel drivers: get through login and consent pages.
