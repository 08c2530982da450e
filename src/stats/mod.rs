//! Statistics, one file each, with formula, interpretation and reference.

pub mod anderson;
pub mod binning;
pub mod boosting;
pub mod cdf_distance;
pub mod chisquare;
pub mod cramer_von_mises;
pub mod fisher_exact;
pub mod g_test;
pub mod hellinger;
pub mod histogram;
pub mod jensen_shannon;
pub mod kl_div;
pub mod ks;
pub mod l_infinity;
pub mod mann_whitney;
pub mod moments;
pub mod psi;
pub mod quantile;
pub mod ranks;
pub mod roc_auc;
pub mod special;
pub mod t_test;
pub mod tvd;
pub mod z_test;
