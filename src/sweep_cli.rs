//! `leaplab sweep` and `leaplab sweep-merge`: a sweep's runs on every core,
//! written as JSON lines as they finish, resumable, splittable into shards,
//! and the shards joined with the fit printed.

use crate::files::{self, output_error, MAX_RESULTS_BYTES};
use clap::Args;
use leaplab::sweep::{execute, summarize, Header, ResultsFile, RunRecord, SweepSpec};
use std::collections::BTreeMap;
use std::fs::{File, OpenOptions};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Instant;

const SPEC_HELP: &str = "\
The spec is a query string: configuration fields as in `leaplab run` (one value: every run;
several: an axis), and the sweep's own keys:
  a|b|c              a list of values (any field; targets too)
  a..b, a..b:s       whole numbers from a to b, step 1 or s (numbers need :s)
  a..b:xr            from a, multiplying by r > 1, up to b (10..80:x2 is 10, 20, 40, 80)
  k=…                values substituted for {k} in target, e.g. target=parity({k})&k=1..4
  seeds=S            seeds per grid point (default 3): seed, seed+1, …, seed+S-1
  steps=N            the step budget; every run stops at its first learned evaluation
At most 3 keys vary at once; at most 20000 runs.
Example: 'v=1&target=staircase(3)|parity(3)&d=10..80:x2&steps=20000&seeds=3'

Output: a header line {\"record\":\"sweep\",\"spec\",\"runs\",\"leaplab\"}, then one line per finished run:
{\"record\":\"run\",\"run\",\"query\",\"seed\",\"point\",\"outcome\" (learned, censored or diverged),
\"learned_at\",\"diverged_at\",\"steps\",\"last\" (the last evaluation),\"metrics_hash\",\"seconds\"}.
With --out, an existing file of the same sweep is resumed: its finished runs are skipped.";

/// The arguments of `leaplab sweep`.
#[derive(Args)]
#[command(after_help = SPEC_HELP)]
pub struct SweepArgs {
    /// The sweep spec, e.g. 'v=1&target=staircase(3)|parity(3)&d=10..80:x2&steps=20000'.
    spec: String,
    /// Write the records to this file instead of standard output; if it
    /// holds runs of the same sweep already, those are not run again.
    #[arg(long, short)]
    out: Option<PathBuf>,
    /// Run only shard i of n (0 ≤ i < n): the runs whose index is i modulo n.
    #[arg(long, value_parser = parse_shard)]
    shard: Option<(usize, usize)>,
    /// Threads to run on (default: one per core).
    #[arg(long, value_parser = clap::value_parser!(u16).range(1..))]
    threads: Option<u16>,
    /// Print the sweep's runs (index and query) and exit without running.
    #[arg(long)]
    dry_run: bool,
}

/// The arguments of `leaplab sweep-merge`.
#[derive(Args)]
pub struct MergeArgs {
    /// Results files of one sweep: its shards, or partial runs of it.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Also write the merged records to this file: the header, then the
    /// runs in index order.
    #[arg(long, short)]
    out: Option<PathBuf>,
    /// Print the summary as one JSON object instead of tables.
    #[arg(long)]
    json: bool,
}

fn parse_shard(text: &str) -> Result<(usize, usize), String> {
    let bad = || format!("\"{text}\" is not a shard; write i/n with 0 ≤ i < n, e.g. 0/4");
    let (i, n) = text.split_once('/').ok_or_else(bad)?;
    let (i, n): (usize, usize) = (i.parse().map_err(|_| bad())?, n.parse().map_err(|_| bad())?);
    if i < n {
        Ok((i, n))
    } else {
        Err(bad())
    }
}

fn describe(path: &Path) -> String {
    path.display().to_string()
}

/// Opens the results file `path` for `spec` and locks it, so that a
/// second sweep writing to the same file is refused instead of tearing its
/// lines. Reads the records already there, cutting off a last line left
/// half-written; writes the header if the file is new or empty.
fn prepare_output(path: &Path, spec: &SweepSpec) -> Result<(File, Vec<RunRecord>), String> {
    let io = |e: std::io::Error| format!("{}: {e}", describe(path));
    if std::fs::metadata(path).is_ok_and(|m| !m.is_file()) {
        return Err(format!(
            "{} is not a regular file; give a file for --out",
            describe(path)
        ));
    }
    let file = OpenOptions::new()
        .read(true)
        .append(true)
        .create(true)
        .open(path)
        .map_err(io)?;
    file.try_lock().map_err(|e| match e {
        std::fs::TryLockError::WouldBlock => format!(
            "{} is being written by another leaplab sweep; wait for it to end or give another --out",
            describe(path)
        ),
        std::fs::TryLockError::Error(e) => io(e),
    })?;
    let text = files::read_open(
        file.try_clone().map_err(io)?,
        MAX_RESULTS_BYTES,
        "out",
        &describe(path),
    )?;
    if text.trim().is_empty() {
        file.set_len(0).map_err(io)?;
        writeln!(&file, "{}", Header::new(spec).to_line()).map_err(io)?;
        return Ok((file, Vec::new()));
    }
    let results = ResultsFile::parse(&text).map_err(|e| format!("{}: {e}", describe(path)))?;
    if results.header.spec != spec.to_query() {
        return Err(format!(
            "{} holds the sweep {}, not {}; give another --out",
            describe(path),
            results.header.spec,
            spec.to_query()
        ));
    }
    for record in &results.records {
        record
            .check(spec)
            .map_err(|e| format!("{}: {e}", describe(path)))?;
    }
    if results.truncated {
        let keep = text.rfind('\n').map_or(0, |i| i + 1);
        file.set_len(keep as u64).map_err(io)?;
        eprintln!("{}: dropped a half-written last line", describe(path));
    }
    Ok((file, results.records))
}

/// `leaplab sweep`.
pub fn run_sweep(args: SweepArgs) -> Result<(), String> {
    let spec = SweepSpec::from_query(&args.spec).map_err(|e| e.to_string())?;
    let (shard, shards) = args.shard.unwrap_or((0, 1));
    let mine: Vec<usize> = (0..spec.runs()).filter(|i| i % shards == shard).collect();
    if args.dry_run {
        let mut out = std::io::BufWriter::new(std::io::stdout().lock());
        writeln!(out, "{}\n{}", spec.to_query(), spec.count_text()).map_err(output_error)?;
        for &i in &mine {
            writeln!(out, "{i} {}", spec.run(i).config.to_query()).map_err(output_error)?;
        }
        return out.flush().map_err(output_error);
    }
    let (sink, done): (Box<dyn Write + Send>, Vec<RunRecord>) = match &args.out {
        Some(path) => {
            let (file, done) = prepare_output(path, &spec)?;
            (Box::new(file), done)
        }
        None => {
            let mut out = std::io::stdout();
            writeln!(out, "{}", Header::new(&spec).to_line()).map_err(output_error)?;
            (Box::new(out), Vec::new())
        }
    };
    let finished: std::collections::HashSet<usize> = done.iter().map(|r| r.run).collect();
    let todo: Vec<usize> = mine.into_iter().filter(|i| !finished.contains(i)).collect();
    if !finished.is_empty() {
        eprintln!(
            "resuming: {} runs already in the file, {} to run",
            finished.len(),
            todo.len()
        );
    }
    let threads = args.threads.map_or(0, usize::from);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| e.to_string())?;
    let progress = std::io::stderr().is_terminal().then(|| {
        let bar = indicatif::ProgressBar::new(todo.len() as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{bar:40} {pos}/{len} runs, {elapsed} elapsed, about {eta} left",
            )
            .expect("a valid template"),
        );
        bar
    });
    let sink = Mutex::new(sink);
    let records = Mutex::new(done);
    let started = Instant::now();
    pool.install(|| {
        use rayon::prelude::*;
        todo.par_iter().try_for_each(|&index| {
            let t = Instant::now();
            let mut record = execute(&spec, index);
            record.seconds = Some(t.elapsed().as_secs_f64());
            let line = format!("{}\n", record.to_line());
            {
                let mut out = sink.lock().expect("no thread panicked holding the output");
                out.write_all(line.as_bytes())?;
                out.flush()?;
            }
            if let Some(bar) = &progress {
                bar.inc(1);
            }
            records
                .lock()
                .expect("no thread panicked holding the records")
                .push(record);
            Ok::<(), std::io::Error>(())
        })
    })
    .map_err(|e| match &args.out {
        Some(path) => format!("writing a record to {}: {e}", describe(path)),
        None => output_error(e),
    })?;
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    let records = records.into_inner().expect("the runs are over");
    let summary = summarize(&spec, &records).map_err(|e| e.to_string())?;
    eprintln!(
        "ran {} runs on {} threads in {:.1} s",
        todo.len(),
        pool.current_num_threads(),
        started.elapsed().as_secs_f64()
    );
    if shards > 1 {
        eprintln!("shard {shard}/{shards}: join the shards' files with `leaplab sweep-merge` for the whole sweep's fit");
    }
    eprint!("\n{}", summary.to_text());
    Ok(())
}

/// `leaplab sweep-merge`.
pub fn run_merge(args: MergeArgs) -> Result<(), String> {
    let mut spec: Option<(String, SweepSpec)> = None;
    let mut runs: BTreeMap<usize, (RunRecord, &Path)> = BTreeMap::new();
    for path in &args.files {
        let text = files::read_limited(path, MAX_RESULTS_BYTES, "sweep-merge")?;
        let results = ResultsFile::parse(&text).map_err(|e| format!("{}: {e}", describe(path)))?;
        if results.truncated {
            eprintln!("{}: left out a half-written last line", describe(path));
        }
        match &spec {
            None => {
                let parsed = SweepSpec::from_query(&results.header.spec)
                    .map_err(|e| format!("{}: its spec: {e}", describe(path)))?;
                spec = Some((results.header.spec.clone(), parsed));
            }
            Some((text, _)) if *text != results.header.spec => {
                return Err(format!(
                    "{} holds the sweep {}, but {} holds {}",
                    describe(path),
                    results.header.spec,
                    describe(&args.files[0]),
                    text
                ))
            }
            Some(_) => {}
        }
        for record in results.records {
            match runs.get(&record.run) {
                Some((seen, from)) if seen.untimed() != record.untimed() => {
                    let field = seen.first_difference(&record);
                    let field_values = |r: &RunRecord| r.field_text(field);
                    let place = if from == path {
                        format!("appears twice in {}", describe(path))
                    } else {
                        format!("differs between {} and {}", describe(from), describe(path))
                    };
                    return Err(format!(
                        "run {} {place}: its {field} is {} in one and {} in the other",
                        record.run,
                        field_values(seen),
                        field_values(&record),
                    ));
                }
                Some(_) => {}
                None => {
                    runs.insert(record.run, (record, path));
                }
            }
        }
    }
    let (_, spec) = spec.expect("clap requires at least one file");
    let records: Vec<RunRecord> = runs.into_values().map(|(r, _)| r).collect();
    let summary = summarize(&spec, &records).map_err(|e| e.to_string())?;
    if let Some(path) = &args.out {
        let mut text = format!("{}\n", Header::new(&spec).to_line());
        for r in &records {
            text.push_str(&r.to_line());
            text.push('\n');
        }
        files::write_whole(path, &text, "out")?;
    }
    if summary.done < summary.runs {
        eprintln!(
            "{} of {} runs are missing",
            summary.runs - summary.done,
            summary.runs
        );
    }
    if args.json {
        let line = serde_json::to_string(&summary).map_err(|e| e.to_string())?;
        files::print(&format!("{line}\n"))
    } else {
        files::print(&summary.to_text())
    }
}
