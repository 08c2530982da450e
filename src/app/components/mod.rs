pub mod checks;
pub mod report;
pub mod roles;
pub mod slot;
