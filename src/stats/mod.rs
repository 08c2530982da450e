//! Statistics, one file each, with formula, interpretation and reference.

pub mod histogram;
pub mod moments;
pub mod quantile;
pub mod roc_auc;
