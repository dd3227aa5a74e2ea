//! `--method rare` on the redundant blocks: each one's own figures as if it alone were the
//! service, and the part with no instance of it up, each by the rule of the service (a plain
//! pass of the scenario's trials; the rare method when it saw fewer than 30 of the part's
//! outages). The summary's added `blocks` key holds them.

use super::progress;
use crate::engine::{simulate_rare, simulate_until};
use crate::error::Result;
use crate::model::block_view::{all_down_model, block_model, redundant_blocks};
use crate::model::Model;
use crate::stats::{BlockFigures, Part, PartFigures, PlainWindow, RareSummary, StopRule, Summary};

/// Puts every redundant block's figures of `model` in `summary.blocks`, on `threads` threads.
pub fn apply(model: &Model, threads: usize, summary: &mut Summary) -> Result<()> {
    let mut blocks = Vec::new();
    for block in redundant_blocks(model) {
        let own = part(
            &block_model(model, block.node),
            threads,
            Part::Block,
            &block.name,
        )?;
        let (all_down, all_down_reason) = match all_down_model(model, block.node) {
            Ok(view) => (
                Some(part(&view, threads, Part::AllDown, &block.name)?),
                None,
            ),
            Err(why) => (None, Some(why)),
        };
        blocks.push(BlockFigures {
            name: block.name,
            kind: block.kind,
            own,
            all_down,
            all_down_reason,
        });
    }
    summary.blocks = Some(blocks);
    Ok(())
}

/// One part's figures on its view of the model: the plain pass over the scenario's trials
/// and seed, then the rare run if the part's outages were too few in it.
fn part(view: &Model, threads: usize, which: Part, name: &str) -> Result<PartFigures> {
    let settings = &view.settings;
    let what = match which {
        Part::Block => "block",
        Part::AllDown => "all down",
    };
    let bar = progress::trials_bar(settings.trials, &format!("{what} {name} (plain)"));
    let mut plain = PlainWindow::new(settings.exclude_planned);
    let run = simulate_until(
        view,
        threads,
        &StopRule::fixed(settings.trials),
        &|done| bar.inc(done),
        &mut |_, records| records.iter().for_each(|r| plain.push(r)),
    )?;
    bar.finish_and_clear();
    let (trials, outages) = (run.stats.trials, run.stats.outages);
    let (rare, reason) = PartFigures::choice(which, trials, outages);
    let (figures, warnings) = if rare {
        let bar = progress::trials_bar(settings.trials, &format!("{what} {name} (rare)"));
        let out = simulate_rare(view, threads, &|done| bar.inc(done))?;
        bar.finish_and_clear();
        let summary = RareSummary::new(view, &out.rare, out.warmup);
        (summary.horizon, summary.warnings)
    } else {
        (
            plain.figures(settings.horizon, settings.confidence),
            Vec::new(),
        )
    };
    Ok(PartFigures {
        method: if rare { "rare" } else { "plain" },
        reason,
        plain_trials: trials,
        plain_outages: outages,
        figures,
        warnings,
    })
}
