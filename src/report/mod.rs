pub mod cucumber_json;
pub mod curl;
pub mod html;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod matrix;
pub mod model;
pub mod summary;
pub mod terminal;
#[cfg(test)]
pub(crate) mod testdata;
