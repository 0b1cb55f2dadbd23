pub mod curl;
pub mod json;
pub mod junit;
pub mod matrix;
pub mod model;
pub mod summary;
pub mod terminal;
#[cfg(test)]
pub(crate) mod testdata;
