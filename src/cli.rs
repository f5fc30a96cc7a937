//! Argument parsing and the three subcommands.

use crate::files::{self, output_error};
use clap::{Args, Parser, Subcommand, ValueEnum};
use leaplab::baseline::learn_setup_parity;
use leaplab::config::{checked_analysis, Config, Setup, FIELDS};
use leaplab::experiment::run_of_link;
use leaplab::metrics::{MetricPoint, METRIC_COLUMNS};
use leaplab::train::Trainer;
use leaplab::weights::WeightsFile;
use serde_json::json;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

#[derive(Parser)]
#[command(
    name = "leaplab",
    version = leaplab::ENGINE_VERSION,
    about = "Train small fully-connected networks on boolean functions and see which ones gradient descent can learn."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Analyse a target: degree, Fourier weight per degree, merged-staircase
    /// property, leap complexity, orbit alignment and the predicted SGD cost.
    #[command(after_help = ANALYZE_JSON_HELP)]
    Analyze {
        /// The target, e.g. 'staircase(4)', 'parity(3)', 'x1 + 0.5*x1x2x3'.
        target: String,
        /// Input dimension d (1 to 4096).
        #[arg(long, default_value_t = 30)]
        d: usize,
        /// P(x_i = +1) of hypercube inputs, strictly between 0 and 1 (0.5 = uniform).
        #[arg(long, default_value_t = 0.5)]
        p: f64,
        /// Inputs: cube ({-1,+1}^d), gaussian (N(0, I)) or sphere (radius √d).
        #[arg(long, default_value = "cube")]
        domain: String,
        /// First-layer initialisation (as the config field init); with
        /// gaussian or sphere inputs, gaussian makes the group O(d).
        #[arg(long, default_value = "uniform")]
        init: String,
        /// Print one JSON object instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Train one configuration, given as a query string, and print one record
    /// per evaluation, then a summary. If the link says what the run gives
    /// (rN.expect=<metrics hash>), the run is checked against it: exit
    /// status 1 when it differs.
    #[command(after_help = fields_help())]
    Run(RunArgs),
    /// Run a sweep, a grid of runs given as one query string, on every
    /// core: one JSON line per finished run, resumable, splittable.
    Sweep(crate::sweep_cli::SweepArgs),
    /// Join the results files of one sweep (its shards) and print the fit.
    SweepMerge(crate::sweep_cli::MergeArgs),
    /// Learn the configuration's parity by Gaussian elimination over GF(2)
    /// and report how many samples it needed.
    Gf2 {
        /// The configuration (its target, d, p and seed are used).
        query: String,
        /// Most samples to draw before giving up (at least 1).
        #[arg(long, default_value_t = 100_000, value_parser = clap::value_parser!(u64).range(1..))]
        max_samples: u64,
    },
}

#[derive(Args)]
struct RunArgs {
    /// The configuration, e.g. 'v=1&target=parity(4)&d=100&steps=3000', or a
    /// link copied from the page (its run chosen with --run), which may
    /// carry each run's expected metrics hash.
    query: String,
    /// Which run of a page link to train (1 = the first).
    #[arg(long, default_value_t = 1)]
    run: usize,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Jsonl)]
    format: Format,
    /// Print only the summary record.
    #[arg(long)]
    summary_only: bool,
    /// Start from the weights in this file (exported by the page or written
    /// by --save-weights) instead of the configuration's initialisation.
    #[arg(long, value_name = "FILE")]
    init_weights: Option<PathBuf>,
    /// Write the network's weights to this file when the run ends.
    #[arg(long, value_name = "FILE")]
    save_weights: Option<PathBuf>,
    /// Threads for the run's large matrix products (default: one per
    /// core). The numbers are the same bits for any count.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=256))]
    threads: Option<u16>,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// One JSON object per line.
    Jsonl,
    /// Comma-separated values with a header; the summary as `#` lines.
    Csv,
}

const ANALYZE_JSON_HELP: &str = "With --json, one object with the keys: target (normalised text), d, domain, p, \
isotropic_init, degree, support (1-based coordinates), monomials (1-based index arrays, canonical order; \
he_k(x_i) repeats i k times), weight_by_degree (W_j: Fourier weight of degree j on the cube, Hermite \
weight sum a^2 alpha! of chaos j on the Gaussian, spherical-harmonic weight on the sphere), variance, \
msp (bool), msp_order (index arrays, or null), leap, leap_order, group (signed-permutations, \
permutations or orthogonal: what the inputs and the initialisation are both invariant under), gal \
(orbit alignment over that group: sum_j W_j^2 / C(d, j) for signed permutations, sum_j W_j^2 / N(d, j) \
with N(d, j) = C(d+j-1, j) - C(d+j-3, j-2) for O(d), for multilinear targets), gal_exponent \
(-ln GAL / ln d), sgd_exponent (max(leap - 1, 1)), symmetry (the group and why).";

fn fields_help() -> String {
    let mut text = String::from(
        "The query string holds v=1 and any of these fields (the rest keep their defaults):\n",
    );
    let defaults = Config::default();
    for f in FIELDS {
        text.push_str(&format!(
            "  {:<12} {}; {} (default {})\n",
            f.name,
            f.about,
            f.allowed_text(),
            defaults.field_text(f.name)
        ));
    }
    text.push_str("\nRecords: ");
    text.push_str(&METRIC_COLUMNS.map(|c| c.name).join(", "));
    text.push_str(
        ", coeffs (E[f·χ_S] per target monomial, canonical order); the summary has learned_at, picked_up_at \
         (per target monomial, canonical order: the first evaluation at which the network's \
         coefficient reached half of the target's, with its sign; null if never), diverged_at, \
         steps, seconds, steps_per_second, metrics_hash.",
    );
    text
}

/// Runs the command line and returns its exit code; errors go to stderr.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Analyze {
            target,
            d,
            p,
            domain,
            init,
            json,
        } => run_analyze(
            &[
                ("d", d.to_string()),
                ("domain", domain),
                ("p", p.to_string()),
                ("init", init),
                ("target", target),
            ],
            json,
        ),
        Command::Run(args) => match run_training(&args) {
            // the run differs from what its link says it gives
            Ok(false) => return ExitCode::from(1),
            Ok(true) => Ok(()),
            Err(message) => Err(message),
        },
        Command::Gf2 { query, max_samples } => run_gf2(&query, max_samples),
        Command::Sweep(args) => crate::sweep_cli::run_sweep(args),
        Command::SweepMerge(args) => crate::sweep_cli::run_merge(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            // no control byte from an input reaches the terminal
            let message: String = message
                .chars()
                .map(|c| match c {
                    '\n' => c.to_string(),
                    c if c.is_control() => c.escape_unicode().to_string(),
                    c => c.to_string(),
                })
                .collect();
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

fn run_analyze(fields: &[(&str, String)], json: bool) -> Result<(), String> {
    let analysis = checked_analysis(fields).map_err(|e| e.to_string())?;
    if json {
        let line = serde_json::to_string(&analysis).map_err(|e| e.to_string())?;
        files::print(&format!("{line}\n"))
    } else {
        files::print(&analysis.to_text())
    }
}

/// Runs a link's run; `Ok(false)` when the link expects a metrics hash
/// and the run gave another (the verdict is on stderr either way).
fn run_training(args: &RunArgs) -> Result<bool, String> {
    let (format, summary_only) = (args.format, args.summary_only);
    let link_run = run_of_link(&args.query, args.run).map_err(|e| e.to_string())?;
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    leaplab::nn::kernels::set_threads(args.threads.map_or(cores, usize::from), None);
    let setup = link_run.setup;
    let config = setup.config().clone();
    let mut trainer = Trainer::from_setup(setup).map_err(|e| e.to_string())?;
    if let Some(path) = &args.init_weights {
        let params =
            read_weights(path, trainer.network().params().len())?.params_for(trainer.network())?;
        trainer.start_from(&params).map_err(|e| e.to_string())?;
    }
    if let Some(path) = &args.save_weights {
        files::output_path(path, "save-weights")?;
    }
    let names: Vec<String> = trainer
        .target()
        .monomials()
        .map(|m| m.to_string())
        .collect();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let io = output_error;
    if !summary_only {
        match format {
            Format::Jsonl => writeln!(
                out,
                "{}",
                json!({"record": "config", "leaplab": leaplab::ENGINE_VERSION, "query": config.to_query(), "target": trainer.target().to_string(), "monomials": names})
            )
            .map_err(io)?,
            Format::Csv => writeln!(out, "{}", csv_header(&names)).map_err(io)?,
        }
    }
    let progress = std::io::stderr()
        .is_terminal()
        .then(|| indicatif::ProgressBar::new(config.steps));
    let started = Instant::now();
    loop {
        let points = trainer.advance(config.eval_every);
        if !summary_only {
            for point in &points {
                write_point(&mut out, format, point).map_err(io)?;
            }
            out.flush().map_err(io)?;
        }
        if let Some(bar) = &progress {
            bar.set_position(trainer.summary().steps);
        }
        if trainer.is_finished() {
            break;
        }
    }
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    let seconds = started.elapsed().as_secs_f64();
    let summary = trainer.summary();
    let rate = if seconds > 0.0 {
        summary.steps as f64 / seconds
    } else {
        0.0
    };
    match format {
        Format::Jsonl => writeln!(
            out,
            "{}",
            json!({"record": "summary", "learned_at": summary.learned_at,
                   "picked_up_at": summary.picked_up_at, "diverged_at": summary.diverged_at,
                   "steps": summary.steps, "seconds": seconds, "steps_per_second": rate,
                   "metrics_hash": summary.metrics_hash})
        ),
        Format::Csv => writeln!(
            out,
            "# learned_at={}\n# picked_up_at={}\n# diverged_at={}\n# steps={}\n# seconds={seconds}\n# steps_per_second={rate}\n# metrics_hash={}\n# leaplab={}",
            optional(summary.learned_at),
            summary
                .picked_up_at
                .iter()
                .map(|&s| optional(s))
                .collect::<Vec<_>>()
                .join(","),
            optional(summary.diverged_at),
            summary.steps,
            summary.metrics_hash,
            leaplab::ENGINE_VERSION
        ),
    }
    .map_err(io)?;
    out.flush().map_err(io)?;
    if let Some(path) = &args.save_weights {
        let file = WeightsFile::new(trainer.network(), config.to_query(), summary.steps);
        files::write_whole(path, &file.to_json(), "save-weights")?;
    }
    if let Some(step) = summary.diverged_at {
        eprintln!("diverged at step {step}: try a smaller learning rate");
    }
    Ok(
        match link_run.expectation.map(|e| e.check(&summary.metrics_hash)) {
            Some(verdict) => {
                eprintln!("{}", verdict.text);
                verdict.reproduced
            }
            None => true,
        },
    )
}

/// Reads a weights file for a network of `params` parameters; a file
/// much larger than such a network's weights is refused unread.
fn read_weights(path: &Path, params: usize) -> Result<WeightsFile, String> {
    let limit = (params as u64)
        .saturating_mul(files::WEIGHTS_BYTES_PER_PARAM)
        .saturating_add(files::WEIGHTS_OVERHEAD_BYTES);
    let text = files::read_limited(path, limit, "init-weights")?;
    WeightsFile::from_json(&text).map_err(|e| format!("init-weights: {}: {e}", path.display()))
}

fn optional(v: Option<u64>) -> String {
    v.map_or_else(|| "null".to_string(), |s| s.to_string())
}

fn csv_header(names: &[String]) -> String {
    let mut header = METRIC_COLUMNS.map(|c| c.name).join(",");
    for n in names {
        header.push_str(&format!(",coeff_{n}"));
    }
    header
}

fn write_point(out: &mut impl Write, format: Format, point: &MetricPoint) -> std::io::Result<()> {
    match format {
        Format::Jsonl => {
            let mut value = serde_json::to_value(point).expect("metric points serialise");
            value["record"] = json!("eval");
            writeln!(out, "{value}")
        }
        Format::Csv => {
            let cells: Vec<String> = METRIC_COLUMNS
                .iter()
                .map(|c| (c.value)(point).map_or_else(String::new, |x| x.to_string()))
                .collect();
            write!(out, "{}", cells.join(","))?;
            for c in &point.coeffs {
                write!(out, ",{c}")?;
            }
            writeln!(out)
        }
    }
}

fn run_gf2(query: &str, max_samples: u64) -> Result<(), String> {
    let setup = Setup::from_versioned_query(query).map_err(|e| e.to_string())?;
    let found = learn_setup_parity(&setup, max_samples as usize).map_err(|e| e.to_string())?;
    let line = serde_json::to_string(&found).map_err(|e| e.to_string())?;
    files::print(&format!("{line}\n"))
}
