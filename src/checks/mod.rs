//! Checks, one file each: `(&Config, inputs, &mut dyn Progress) → result`.

pub mod quality;
pub mod summary;
