//! Checks, one file each: `(&Config, inputs, &mut dyn Progress) → result`.

pub mod leakage;
pub mod quality;
pub mod summary;
