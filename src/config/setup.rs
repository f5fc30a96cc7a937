//! Setup: a configuration validated once, carrying what validation found
//! (the parsed target) and, when first asked, the target's analysis, so
//! that a run's target is parsed once however many parts of the run need
//! it (the trainer, the analysis, the GF(2) baseline).

use std::sync::OnceLock;

use super::query::{query_pairs, require_version};
use super::{Config, ConfigError};
use crate::nn::Init;
use crate::target::{analyze_on, Analysis, Polynomial};

/// A configuration that passed [`Config::validate`], with its parsed
/// target. Built only by validating, so holding one means the fields, their
/// relations and the run's budget are all within their limits.
#[derive(Debug)]
pub struct Setup {
    config: Config,
    target: Polynomial,
    analysis: OnceLock<Result<Analysis, ConfigError>>,
}

impl Setup {
    /// Validates `config` ([`Config::validate`]) and keeps its target.
    pub fn new(config: Config) -> Result<Setup, ConfigError> {
        let target = config.validate()?;
        Ok(Setup {
            config,
            target,
            analysis: OnceLock::new(),
        })
    }

    /// Reads a query string as [`Config::from_query`] does, validating it
    /// once.
    pub fn from_query(query: &str) -> Result<Setup, ConfigError> {
        Setup::from_pairs(&Config::default(), &query_pairs(query)?)
    }

    /// Reads a query string as [`Config::from_versioned_query`] does (it
    /// must carry `v`), validating it once.
    pub fn from_versioned_query(query: &str) -> Result<Setup, ConfigError> {
        let pairs = query_pairs(query)?;
        require_version(&pairs)?;
        Setup::from_pairs(&Config::default(), &pairs)
    }

    /// `base` with the decoded pairs applied, as [`Config::with_pairs`],
    /// validated once.
    pub fn from_pairs(base: &Config, pairs: &[(String, String)]) -> Result<Setup, ConfigError> {
        Setup::new(base.apply_pairs(pairs)?)
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The parsed target.
    pub fn target(&self) -> &Polynomial {
        &self.target
    }

    /// The configuration, giving the rest up.
    pub fn into_config(self) -> Config {
        self.config
    }

    /// Changes the budget to `steps` training steps, checked as the
    /// `steps` field is; nothing else depends on it, so nothing else is
    /// checked again.
    pub fn set_steps(&mut self, steps: u64) -> Result<(), ConfigError> {
        let changed = self
            .config
            .apply_pairs(&[("steps".to_string(), steps.to_string())])?;
        self.config.steps = changed.steps;
        Ok(())
    }

    /// What a run needs beyond validation (see [`Config::validate_training`]),
    /// checked on the target already parsed.
    pub fn check_training(&self) -> Result<(), ConfigError> {
        self.config.check_trainable(&self.target)
    }

    /// The analysis of the target on the run's domain under its symmetry
    /// group, as [`Config::analysis`] gives it; computed on the first call
    /// and kept.
    pub fn analysis(&self) -> Result<&Analysis, ConfigError> {
        self.analysis
            .get_or_init(|| {
                let c = &self.config;
                analyze_on(&self.target, c.domain, c.d, c.p, c.init == Init::Gaussian)
                    .map_err(|e| ConfigError::new("target", e.to_string()))
            })
            .as_ref()
            .map_err(Clone::clone)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::baseline::learn_setup_parity;
    use crate::target::parse_count;
    use crate::train::Trainer;

    #[test]
    fn a_run_set_up_from_a_query_parses_its_target_once() {
        let before = parse_count();
        let setup = Setup::from_query("v=1&target=parity(3)&d=12&width=8&steps=10").unwrap();
        let mut trainer = Trainer::from_setup(setup).unwrap();
        trainer.advance(10);
        let analysis = trainer.setup().analysis().unwrap().clone();
        assert_eq!(analysis.leap, trainer.setup().analysis().unwrap().leap);
        assert_eq!(parse_count() - before, 1, "one parse for the whole run");
    }

    #[test]
    fn the_baseline_reuses_the_parsed_target() {
        let before = parse_count();
        let setup = Setup::from_versioned_query("v=1&target=parity(3)&d=12").unwrap();
        learn_setup_parity(&setup, 1000).unwrap();
        assert_eq!(parse_count() - before, 1);
    }

    #[test]
    fn an_analysis_parses_its_target_once() {
        let before = parse_count();
        let fields = [("target", "parity(3)".to_string()), ("d", "12".to_string())];
        crate::config::checked_analysis(&fields).unwrap();
        assert_eq!(parse_count() - before, 1);
    }

    #[test]
    fn the_counter_counts() {
        // the test above could not fail if nothing were counted
        let before = parse_count();
        Config::from_query("v=1&target=parity(3)&d=12").unwrap();
        Trainer::new(&Config::from_query("v=1&target=parity(3)&d=12").unwrap()).unwrap();
        assert_eq!(
            parse_count() - before,
            3,
            "a config read, and read and set up again"
        );
    }
}
