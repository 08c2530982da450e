//! Checks, one file each: `(&Config, inputs, &mut dyn Progress) → result`.

pub mod canary;
pub mod comparison;
pub mod cost;
pub mod drift;
pub mod drift_time;
pub mod fairness;
pub mod gates;
pub mod join;
pub mod leakage;
pub mod multivariate;
pub mod outcomes;
pub mod performance;
pub mod perturb;
pub mod quality;
pub mod segments;
pub mod shadow;
pub mod skew;
pub mod stability;
pub mod summary;
