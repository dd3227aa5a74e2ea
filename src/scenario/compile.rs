//! Raw scenario to validated [`Model`]: resolves names, checks ranges and references, fills
//! defaults. Every problem carries the key path it is about.

use std::collections::BTreeMap;
use std::path::Path;

use super::dists;
use super::failover;
use super::health_check;
use super::maintenance;
use super::path::{KeyPath, Problem};
use super::raw::{RawBlock, RawComponent, RawNeed, RawScenario};
use super::shocks;
use super::values::{fraction, positive_duration, whole};
use crate::model::{
    Block, Child, Component, ComponentId, FailureMode, MaintenanceStrategy, Model, Settings,
};

/// The most instances one component may have: far beyond any real design, low enough that a
/// typo (an extra zero or three) is caught before it exhausts memory.
const MAX_COUNT: i64 = 1_000_000;

/// Compiles a parsed scenario; `base` is the folder relative paths are resolved against.
/// Problems in independent parts (settings, each component, each block, the SLA) are all
/// reported at once, in file order where it is known; checks across parts (cycles, `need`,
/// data sets) run once the parts are valid.
pub fn compile(raw: &RawScenario, base: &Path, default_name: &str) -> Result<Model, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut keep = |result: Result<(), Problem>| {
        if let Err(problem) = result {
            problems.push(problem);
        }
    };
    let settings = compile_settings(raw);
    let crews = super::crews::compile(raw);
    let sla = raw.sla.as_ref().map(compile_sla).transpose();

    if raw.components.is_empty() {
        keep(Err(Problem::at(
            &KeyPath::root("components"),
            "the scenario has no components; add a [components.NAME] table",
        )));
    }
    let component_ids: BTreeMap<&str, ComponentId> = raw
        .components
        .keys()
        .enumerate()
        .map(|(i, name)| (name.as_str(), i))
        .collect();
    for name in raw.components.keys() {
        keep(check_name(&KeyPath::root("components").key(name), name));
    }
    for name in raw.blocks.keys() {
        let path = KeyPath::root("blocks").key(name);
        keep(check_name(&path, name));
        if component_ids.contains_key(name.as_str()) {
            keep(Err(Problem::at(
                &path,
                format!("\"{name}\" names both a component and a block; rename one"),
            )));
        }
        if name == "system" {
            keep(Err(Problem::at(
                &path,
                "\"system\" is the root block's name; write it as [system]",
            )));
        }
    }

    let mut components = Vec::with_capacity(raw.components.len());
    for (name, c) in &raw.components {
        match compile_component(name, c, &component_ids, base) {
            Ok(component) => components.push(component),
            Err(problem) => keep(Err(problem)),
        }
    }

    let block_ids: BTreeMap<&str, usize> = raw
        .blocks
        .keys()
        .enumerate()
        .map(|(i, name)| (name.as_str(), i))
        .collect();
    let mut blocks = Vec::with_capacity(raw.blocks.len() + 1);
    for (name, block) in &raw.blocks {
        let path = KeyPath::root("blocks").key(name);
        match compile_block(name, block, &path, &component_ids, &block_ids) {
            Ok(block) => blocks.push(block),
            Err(problem) => keep(Err(problem)),
        }
    }
    match raw.system.as_ref() {
        None => keep(Err(Problem::at(
            &KeyPath::root("system"),
            "missing [system]: the root block, such as all = [\"lb\", \"app\"]",
        ))),
        Some(system) => match compile_block(
            "system",
            system,
            &KeyPath::root("system"),
            &component_ids,
            &block_ids,
        ) {
            Ok(block) => blocks.push(block),
            Err(problem) => keep(Err(problem)),
        },
    }
    let (settings, crews, sla) = match (settings, crews, sla) {
        (Ok(settings), Ok(crews), Ok(sla)) if problems.is_empty() => (settings, crews, sla),
        (settings, crews, sla) => {
            let mut all: Vec<Problem> = [settings.err(), crews.err(), sla.err()]
                .into_iter()
                .flatten()
                .collect();
            all.extend(problems);
            return Err(all);
        }
    };

    let whole_model = || -> Result<Model, Problem> {
        check_dependency_cycles(&components)?;
        let root = blocks.len() - 1;
        check_block_cycles(&blocks, raw)?;
        require_need(&mut components, &blocks, raw)?;
        check_balanced_groups_in_series(&components, &blocks, root)?;
        let name = raw.name.clone().unwrap_or_else(|| default_name.to_string());
        let data = super::data::compile(&raw.data, &component_ids, &components, base)?;
        let (crews, repair) = crews;
        super::inspection::apply_global_ageing(&mut components, raw);
        let mut model = Model::new(name, settings, components, blocks, root, crews, data);
        model.repair = repair;
        if let Some(sla) = sla {
            model.sla = sla;
        }
        if crate::engine::check_windows(&model).is_err() {
            return Err(Problem::at(
                &KeyPath::root("simulation").key("horizon"),
                format!(
                    "the horizon holds more than {:.0e} SLA windows of {} per trial: give a shorter horizon or a longer [sla] window",
                    crate::engine::MAX_WINDOWS,
                    crate::units::format_duration(model.sla.window)
                ),
            ));
        }
        // Load first: a per-request downtime price reads the requests offered from it.
        let (in_series, _) = series_components(&model.components, &model.blocks, model.root);
        let mut pools = match raw.load {
            Some(_) => {
                super::capacity_pool::compile(raw, &model.components, &model.blocks, &in_series)?
            }
            None => Vec::new(),
        };
        super::pool_peak::compile(raw, &mut pools, raw.load.is_some())?;
        model.load = super::load::compile(
            raw.load.as_ref(),
            &raw.components,
            &model.components,
            &in_series,
            pools,
            model.settings.horizon,
            base,
        )?;
        model.cost = super::cost::compile(raw.cost.as_ref(), &model)?;
        model.phases =
            super::phases::compile(&raw.phases, &raw.components, &component_ids, &model, base)?;
        Ok(model)
    };
    whole_model().map_err(|problem| vec![problem])
}

fn compile_settings(raw: &RawScenario) -> Result<Settings, Problem> {
    let path = KeyPath::root("simulation");
    let sim = &raw.simulation;
    let mut settings = Settings::default();
    if let Some(value) = &sim.horizon {
        settings.horizon = positive_duration(&path.key("horizon"), value)?;
    }
    if let Some(trials) = sim.trials {
        settings.trials = whole(&path.key("trials"), trials, 1, i64::MAX)? as u64;
    }
    if let Some(seed) = sim.seed {
        settings.seed = whole(&path.key("seed"), seed, 0, i64::MAX)? as u64;
    }
    if let Some(value) = &sim.target {
        settings.target = fraction(&path.key("target"), value, true)?;
    }
    if let Some(value) = &sim.confidence {
        settings.confidence = fraction(&path.key("confidence"), value, false)?;
    }
    if let Some(exclude) = sim.exclude_planned {
        settings.exclude_planned = exclude;
    }
    if let Some(trials) = sim.importance_trials {
        settings.importance_trials =
            Some(whole(&path.key("importance_trials"), trials, 0, i64::MAX)? as u64);
    }
    super::rare::compile(&mut settings, sim.method.as_deref(), sim.rare.as_ref())?;
    Ok(settings)
}

pub(super) fn check_name(path: &KeyPath, name: &str) -> Result<(), Problem> {
    // Letters of any script are welcome (names are the user's words); spaces, dots and
    // quotes are not, as they would break key paths such as `--set components.NAME.count`.
    let allowed = |c: char| c.is_alphanumeric() || c == '_' || c == '-';
    if name.is_empty() {
        return Err(Problem::at(
            path,
            "an empty name; use letters, digits, '_' and '-'",
        ));
    }
    match name.chars().find(|&c| !allowed(c)) {
        None => Ok(()),
        Some(c) => Err(Problem::at(
            path,
            format!(
                "\"{name}\" is not a valid name: {c:?} is not allowed; use letters, digits, '_' and '-', such as \"{}\"",
                name.chars()
                    .map(|c| if allowed(c) { c } else { '-' })
                    .collect::<String>()
            ),
        )),
    }
}

/// The closest known name, for "did you mean" hints.
pub(super) fn suggestion<'a>(name: &str, known: impl Iterator<Item = &'a str>) -> String {
    known
        .map(|candidate| (strsim::jaro_winkler(name, candidate), candidate))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, candidate)| format!(" (did you mean \"{candidate}\"?)"))
        .unwrap_or_default()
}

fn compile_component(
    name: &str,
    raw: &RawComponent,
    ids: &BTreeMap<&str, ComponentId>,
    base: &Path,
) -> Result<Component, Problem> {
    let path = KeyPath::root("components").key(name);
    let count = match raw.count {
        Some(count) => whole(&path.key("count"), count, 1, MAX_COUNT)?,
        None => 1,
    };
    let failover = raw
        .failover
        .as_ref()
        .map(|f| failover::compile(f, &path.key("failover"), count, base))
        .transpose()?;
    // With failover, the component is up while `need` active positions are filled.
    let (positions, what) = match &failover {
        Some(f) => (f.active, "failover.active"),
        None => (count, "count"),
    };
    let need = match raw.need.as_ref() {
        // The engine follows demand (engine::peak_need); 1 is the structure's floor.
        Some(RawNeed::Derived(word)) => {
            super::peak_need::word(&path.key("need"), word, failover.is_some())?;
            1
        }
        Some(&RawNeed::Count(need)) => whole(&path.key("need"), need, 1, positions as i64)
            .map_err(|_| {
                Problem::at(
                    &path.key("need"),
                    format!("need ({need}) must be from 1 to {what} ({positions})"),
                )
            })?,
        None => failover.as_ref().map_or(1, |f| f.active),
    };

    let preset = match &raw.preset {
        Some(name) => Some(crate::catalog::find(name).ok_or_else(|| {
            let names = crate::catalog::presets().iter().map(|p| p.name.as_str());
            Problem::at(
                &path.key("preset"),
                format!(
                    "unknown preset \"{name}\"{}; `nines catalog` lists them",
                    suggestion(name, names)
                ),
            )
        })?),
        None => None,
    };
    if let Some(p) = preset {
        super::preset::check_usable(p, raw, &path)?;
    }
    let failover = super::preset::with_failover_success(preset, raw, failover, &path)?;
    // A preset gives one failure and one repair; beside [[modes]] it would be ignored
    // without a word, so it is refused.
    if let (Some(p), Some(_)) = (preset, &raw.modes) {
        return Err(Problem::at(
            &path.key("preset"),
            format!(
                "preset \"{}\" gives one failure and repair, and [[modes]] replace them: drop the preset, or drop [[modes]] and set failure or repair to override the preset's",
                p.name
            ),
        ));
    }
    // The component's own fields override the preset's.
    let from_preset =
        |field: Option<&'static super::raw::RawDist>| field.filter(|_| raw.modes.is_none());
    let failure = raw
        .failure
        .as_ref()
        .or_else(|| from_preset(preset.and_then(|p| p.failure.as_ref())));
    let repair = raw
        .repair
        .as_ref()
        .or_else(|| from_preset(preset.and_then(|p| p.repair.as_ref())));
    if let (Some(p), None) = (preset, repair) {
        if raw.modes.is_none() {
            return Err(Problem::at(
                &path,
                format!(
                    "preset \"{}\" gives no repair time (none of its sources supports one): set repair, such as repair = {{ dist = \"lognormal\", median = \"2h\", p95 = \"12h\" }}",
                    p.name
                ),
            ));
        }
    }
    let modes = match (&raw.modes, failure, repair) {
        (Some(_), Some(_), _) | (Some(_), _, Some(_)) => {
            return Err(Problem::at(
                &path,
                "give either failure + repair or [[modes]], not both",
            ))
        }
        (Some(modes), None, None) => {
            if modes.is_empty() {
                return Err(Problem::at(&path.key("modes"), "needs at least one mode"));
            }
            let mut compiled: Vec<FailureMode> = Vec::with_capacity(modes.len());
            for (i, mode) in modes.iter().enumerate() {
                let mode_path = path.key("modes").index(i);
                if compiled.iter().any(|m| m.name == mode.name) {
                    return Err(Problem::at(
                        &mode_path.key("name"),
                        format!("mode \"{}\" is defined twice", mode.name),
                    ));
                }
                compiled.push(FailureMode {
                    name: mode.name.clone(),
                    failure: time_to_failure(&mode.failure, &mode_path.key("failure"), base)?,
                    repair: dists::compile(&mode.repair, &mode_path.key("repair"), base)?,
                    hidden: mode.hidden.unwrap_or(false),
                });
            }
            compiled
        }
        (None, Some(failure), Some(repair)) => vec![FailureMode {
            name: "failure".to_string(),
            failure: time_to_failure(failure, &path.key("failure"), base)?,
            repair: dists::compile(repair, &path.key("repair"), base)?,
            hidden: raw.hidden.unwrap_or(false),
        }],
        (None, Some(_), None) => {
            return Err(Problem::at(&path, "has a failure but no repair distribution"))
        }
        (None, None, Some(_)) => {
            return Err(Problem::at(&path, "has a repair but no failure distribution"))
        }
        (None, None, None) => {
            return Err(Problem::at(
                &path,
                "needs failure and repair distributions, such as failure = { dist = \"exponential\", mean = \"2y\" }",
            ))
        }
    };

    let mut depends_on = Vec::with_capacity(raw.depends_on.len());
    for (i, dependency) in raw.depends_on.iter().enumerate() {
        let dep_path = path.key("depends_on").index(i);
        let Some(&id) = ids.get(dependency.as_str()) else {
            return Err(Problem::at(
                &dep_path,
                format!(
                    "unknown component \"{dependency}\"{}",
                    suggestion(dependency, ids.keys().copied())
                ),
            ));
        };
        if dependency == name {
            return Err(Problem::at(
                &dep_path,
                "a component cannot depend on itself",
            ));
        }
        if depends_on.contains(&id) {
            return Err(Problem::at(
                &dep_path,
                format!("\"{dependency}\" is listed twice"),
            ));
        }
        depends_on.push(id);
    }

    // Modes and shocks name the rows of downtime by cause: an empty name gives a row with
    // no label.
    let labels = raw
        .modes
        .iter()
        .flatten()
        .enumerate()
        .map(|(i, m)| (path.key("modes").index(i), &m.name));
    let labels = labels.chain(
        raw.shocks
            .iter()
            .enumerate()
            .map(|(i, s)| (path.key("shocks").index(i), &s.name)),
    );
    for (at, label) in labels {
        if label.trim().is_empty() || label.chars().any(char::is_control) {
            return Err(Problem::at(
                &at.key("name"),
                format!("{label:?} cannot name a row of downtime by cause; give a name such as \"crash\""),
            ));
        }
    }
    // Downtime by cause names a component's modes and shocks alike: one name for both
    // would give two rows no one can tell apart.
    for (i, shock) in raw.shocks.iter().enumerate() {
        if modes.iter().any(|m| m.name == shock.name) {
            return Err(Problem::at(
                &path.key("shocks").index(i).key("name"),
                format!(
                    "\"{}\" already names a failure mode of {name}; give the shock its own name, so downtime by cause tells them apart",
                    shock.name
                ),
            ));
        }
    }
    let maintenance = raw
        .maintenance
        .as_ref()
        .map(|m| maintenance::compile(m, &path.key("maintenance"), base))
        .transpose()?;
    if let Some(m) = &maintenance {
        if m.strategy == MaintenanceStrategy::Rolling && need >= count {
            return Err(Problem::at(
                &path.key("maintenance"),
                format!(
                    "rolling maintenance takes one instance at a time without going below need ({need}), so it needs count above need (count is {count}); use strategy = \"all\" or add an instance"
                ),
            ));
        }
    }
    let health_check = raw
        .health_check
        .as_ref()
        .map(|h| health_check::compile(h, &path.key("health_check"), ids))
        .transpose()?;
    if health_check.is_some() && failover.is_some() {
        return Err(Problem::at(
            &path.key("health_check"),
            "a balanced group is active-active: every instance serves; drop [failover] or the health check",
        ));
    }
    if health_check
        .as_ref()
        .is_some_and(|h| raw_name_of(ids, h.balancer) == name)
    {
        return Err(Problem::at(
            &path.key("health_check").key("balancer"),
            "a group cannot balance itself: name the load balancer in front of it",
        ));
    }
    let inspection = super::inspection::compile(raw, &path, &modes, failover.as_ref(), base)?;
    Ok(Component {
        name: name.to_string(),
        count,
        need,
        modes,
        depends_on,
        failover,
        shocks: shocks::compile(&raw.shocks, &path, base)?,
        maintenance,
        health_check,
        inspection,
        // [simulation] age_while_down fills in the default once every component is read.
        age_while_down: true,
    })
}

fn raw_name_of<'a>(ids: &BTreeMap<&'a str, ComponentId>, id: ComponentId) -> &'a str {
    ids.iter()
        .find(|(_, &i)| i == id)
        .map(|(name, _)| *name)
        .expect("ids come from this map")
}

fn check_dependency_cycles(components: &[Component]) -> Result<(), Problem> {
    let edges: Vec<Vec<usize>> = components.iter().map(|c| c.depends_on.clone()).collect();
    if let Some(cycle) = find_cycle(&edges) {
        let names: Vec<_> = cycle.iter().map(|&i| components[i].name.as_str()).collect();
        return Err(Problem::at(
            &KeyPath::root("components").key(names[0]).key("depends_on"),
            format!("dependency cycle: {}", names.join(" -> ")),
        ));
    }
    Ok(())
}

fn compile_block(
    name: &str,
    raw: &RawBlock,
    path: &KeyPath,
    components: &BTreeMap<&str, ComponentId>,
    blocks: &BTreeMap<&str, usize>,
) -> Result<Block, Problem> {
    let forms = [
        raw.all.is_some(),
        raw.any.is_some(),
        raw.of.is_some() || raw.k.is_some(),
    ];
    if forms.iter().filter(|&&f| f).count() != 1 {
        return Err(Problem::at(
            path,
            "needs exactly one of all = [...], any = [...], or k = N with of = [...]",
        ));
    }
    let (key, names, k) = if let Some(all) = &raw.all {
        ("all", all, all.len())
    } else if let Some(any) = &raw.any {
        ("any", any, 1)
    } else {
        let of = raw
            .of
            .as_ref()
            .ok_or_else(|| Problem::at(path, "k needs of = [...], the children to count"))?;
        let k = raw
            .k
            .ok_or_else(|| Problem::at(path, "of needs k, how many children must be up"))?;
        let k = whole(&path.key("k"), k, 1, of.len().max(1) as i64).map_err(|_| {
            Problem::at(
                &path.key("k"),
                format!(
                    "k ({k}) must be from 1 to the number of children ({})",
                    of.len()
                ),
            )
        })?;
        ("of", of, k)
    };
    if names.is_empty() {
        return Err(Problem::at(&path.key(key), "needs at least one child"));
    }
    let mut children = Vec::with_capacity(names.len());
    for (i, child) in names.iter().enumerate() {
        let child_path = path.key(key).index(i);
        let resolved = if let Some(&c) = components.get(child.as_str()) {
            Child::Component(c)
        } else if let Some(&b) = blocks.get(child.as_str()) {
            Child::Block(b)
        } else {
            let known = components.keys().chain(blocks.keys()).copied();
            return Err(Problem::at(
                &child_path,
                format!(
                    "unknown component or block \"{child}\"{}",
                    suggestion(child, known)
                ),
            ));
        };
        if children.contains(&resolved) {
            return Err(Problem::at(
                &child_path,
                format!("\"{child}\" is listed twice"),
            ));
        }
        children.push(resolved);
    }
    Ok(Block {
        name: name.to_string(),
        k,
        children,
    })
}

fn check_block_cycles(blocks: &[Block], raw: &RawScenario) -> Result<(), Problem> {
    let edges: Vec<Vec<usize>> = blocks
        .iter()
        .map(|b| {
            b.children
                .iter()
                .filter_map(|c| match c {
                    Child::Block(i) => Some(*i),
                    Child::Component(_) => None,
                })
                .collect()
        })
        .collect();
    if let Some(cycle) = find_cycle(&edges) {
        let names: Vec<_> = cycle.iter().map(|&i| blocks[i].name.as_str()).collect();
        let first = names[0];
        let path = if raw.blocks.contains_key(first) {
            KeyPath::root("blocks").key(first)
        } else {
            KeyPath::root(first)
        };
        return Err(Problem::at(
            &path,
            format!("blocks form a cycle: {}", names.join(" -> ")),
        ));
    }
    Ok(())
}

/// Request availability multiplies the shares served by balanced groups, which is exact only
/// when every request passes through each of them: a balanced group must be reached from the
/// root through `all` blocks only, and its balancer must be in the structure too.
fn check_balanced_groups_in_series(
    components: &[Component],
    blocks: &[Block],
    root: usize,
) -> Result<(), Problem> {
    let (in_series, reachable) = series_components(components, blocks, root);
    for (c, component) in components.iter().enumerate() {
        let Some(check) = &component.health_check else {
            continue;
        };
        let path = KeyPath::root("components")
            .key(&component.name)
            .key("health_check");
        if !in_series[c] {
            return Err(Problem::at(
                &path,
                format!(
                    "a balanced group must be in series on every request's path (reached from [system] through all = [...] blocks only); \"{}\" is not",
                    component.name
                ),
            ));
        }
        if !reachable[check.balancer] {
            return Err(Problem::at(
                &path.key("balancer"),
                format!(
                    "the balancer \"{}\" is not in the structure: add it to [system] or a block, in front of \"{}\"",
                    components[check.balancer].name, component.name
                ),
            ));
        }
    }
    Ok(())
}

/// Components reachable from the root through series (all) blocks only, and components
/// reachable at all (each by index).
pub(super) fn series_components(
    components: &[Component],
    blocks: &[Block],
    root: usize,
) -> (Vec<bool>, Vec<bool>) {
    let mut in_series = vec![false; components.len()];
    let mut reachable = vec![false; components.len()];
    let mut stack = vec![(root, true)];
    let mut seen = std::collections::HashSet::new();
    while let Some((b, series)) = stack.pop() {
        if !seen.insert((b, series)) {
            continue;
        }
        let block = &blocks[b];
        let series_here = series && block.k == block.children.len();
        for child in &block.children {
            match *child {
                Child::Component(c) => {
                    reachable[c] = true;
                    in_series[c] |= series_here;
                }
                Child::Block(inner) => stack.push((inner, series_here)),
            }
        }
    }
    (in_series, reachable)
}

/// A component with several instances that a block names must say how many it needs: there
/// is no safe default between "any one" and "all of them".
fn require_need(
    components: &mut [Component],
    blocks: &[Block],
    raw: &RawScenario,
) -> Result<(), Problem> {
    for block in blocks {
        for child in &block.children {
            if let Child::Component(c) = *child {
                let component = &components[c];
                let raw_component = &raw.components[&component.name];
                let given = raw_component.need.is_some() || raw_component.failover.is_some();
                if component.count > 1 && !given {
                    return Err(Problem::at(
                        &KeyPath::root("components").key(&component.name),
                        format!(
                            "block \"{}\" uses \"{}\", which has {} instances: set need, how many must be up (1 to {})",
                            block.name, component.name, component.count, component.count
                        ),
                    ));
                }
            }
        }
    }
    Ok(())
}

/// A cycle in a directed graph given as adjacency lists, as the nodes along it (the first
/// repeated at the end), or `None` when the graph is acyclic.
fn find_cycle(edges: &[Vec<usize>]) -> Option<Vec<usize>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        OnPath,
        Done,
    }
    fn visit(node: usize, edges: &[Vec<usize>], marks: &mut [Mark], path: &mut Vec<usize>) -> bool {
        marks[node] = Mark::OnPath;
        path.push(node);
        for &next in &edges[node] {
            let mark = marks[next];
            match mark {
                Mark::OnPath => {
                    let start = path.iter().position(|&n| n == next).expect("on path");
                    path.drain(..start);
                    path.push(next);
                    return true;
                }
                Mark::New if visit(next, edges, marks, path) => return true,
                _ => {}
            }
        }
        path.pop();
        marks[node] = Mark::Done;
        false
    }
    let mut marks = vec![Mark::New; edges.len()];
    let mut path = Vec::new();
    (0..edges.len()).find_map(|start| {
        (marks[start] == Mark::New && visit(start, edges, &mut marks, &mut path))
            .then(|| path.clone())
    })
}

fn compile_sla(raw: &super::raw::RawSla) -> Result<crate::model::Sla, Problem> {
    let path = KeyPath::root("sla");
    let mut sla = crate::model::Sla::default();
    if let Some(window) = &raw.window {
        sla.window = positive_duration(&path.key("window"), window)?;
    }
    if let Some(objective) = &raw.objective {
        sla.objective = Some(fraction(&path.key("objective"), objective, true)?);
    }
    for (i, tier) in raw.credits.iter().enumerate() {
        let at = path.key("credits").index(i);
        let below = fraction(&at.key("below"), &tier.below, true)?;
        let credit = match &tier.credit {
            super::raw::Scalar::Number(n) => *n,
            super::raw::Scalar::Text(text) => {
                crate::units::parse_percent(text).map_err(|e| Problem::at(&at.key("credit"), e))?
            }
        };
        if !(credit.is_finite() && credit >= 0.0) {
            return Err(Problem::at(
                &at.key("credit"),
                "the credit must be zero or more, such as \"10%\"",
            ));
        }
        sla.credits.push(crate::model::CreditTier { below, credit });
    }
    sla.credits.sort_by(|a, b| b.below.total_cmp(&a.below));
    Ok(sla)
}

/// Compiles a time to failure. Its mean must be above zero: a component failing the instant
/// it is repaired (with a zero repair, forever at one instant) models nothing.
fn time_to_failure(
    raw: &super::raw::RawDist,
    path: &KeyPath,
    base: &Path,
) -> Result<crate::dist::Dist, Problem> {
    let failure = dists::compile(raw, path, base)?;
    if failure.mean() <= 0.0 {
        return Err(Problem::at(
            path,
            "the time to failure needs a mean above zero",
        ));
    }
    Ok(failure)
}

#[cfg(test)]
mod tests {
    use super::find_cycle;

    #[test]
    fn finds_cycles_and_only_cycles() {
        assert_eq!(find_cycle(&[vec![1], vec![2], vec![]]), None);
        assert_eq!(
            find_cycle(&[vec![1], vec![2], vec![1]]),
            Some(vec![1, 2, 1])
        );
        assert_eq!(find_cycle(&[vec![0]]), Some(vec![0, 0]));
        // A diamond is not a cycle.
        assert_eq!(find_cycle(&[vec![1, 2], vec![3], vec![3], vec![]]), None);
    }
}
