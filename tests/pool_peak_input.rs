//! `need = "peak"` and `headroom` on a block pooling capacity, as users write them: one-line
//! errors with exit code 2 for what stays refused, `nines check` saying the pool's need
//! follows demand, and the exact and rare methods stepping aside.

mod common;

use common::cli::{assert_input_error, nines, stderr, stdout, temp_dir, write};

/// Two members of a pool `app` (`block_keys` its form and need) after `load`.
fn scenario(load: &str, block_keys: &str) -> String {
    let member = |name: &str, count: u32, capacity: u32| {
        format!(
            "[components.{name}]\ncount = {count}\nneed = 1\ncapacity = \"{capacity} rps\"\nfailure = {{ dist = \"exponential\", mean = \"90h\" }}\nrepair = {{ dist = \"exponential\", mean = \"10h\" }}\n"
        )
    };
    format!(
        "[simulation]\nhorizon = \"30d\"\ntrials = 100\nseed = 3\n{load}\n{}{}[blocks.app]\n{block_keys}\n[system]\nall = [\"app\"]\n",
        member("app-a", 3, 1000),
        member("app-b", 2, 1500),
    )
}

const LOAD: &str = "[load]\ndemand = \"4000 rps\"";
const POOL: &str = "any = [\"app-a\", \"app-b\"]";

#[test]
fn what_stays_refused_is_a_one_line_error_naming_the_key() {
    let without_capacity = scenario(LOAD, &format!("{POOL}\nneed = \"peak\""))
        .replace("capacity = \"1000 rps\"\n", "")
        .replace("capacity = \"1500 rps\"\n", "");
    let pooled_need = "need = \"peak\" on a block compares its members' pooled capacity with demand: it needs a k-of-n or any block in series whose members are components, each with a capacity";
    let cases = [
        (
            scenario(LOAD, &format!("{POOL}\nneed = 3")),
            "blocks.app.need: a block counts members with k = N; its need can only be \"peak\"",
        ),
        (
            scenario(LOAD, &format!("{POOL}\nneed = \"most\"")),
            "blocks.app.need: \"most\" is not a block's need; expected \"peak\"",
        ),
        (
            scenario(LOAD, &format!("{POOL}\nheadroom = \"20%\"")),
            "blocks.app.headroom: headroom is spare capacity above demand, for need = \"peak\" only",
        ),
        (
            scenario(LOAD, &format!("{POOL}\nneed = \"peak\"\nheadroom = \"-5%\"")),
            "blocks.app.headroom: is not a headroom; expected a share of zero or more",
        ),
        (
            without_capacity.replace(LOAD, ""),
            "blocks.app.need: need = \"peak\" follows demand: add [load]",
        ),
        (without_capacity, pooled_need),
        // An all block's members are each in series: there is no pool to size.
        (
            scenario(LOAD, "all = [\"app-a\", \"app-b\"]\nneed = \"peak\""),
            pooled_need,
        ),
        // The pool's need is the block's: a member's would see only part of the demand.
        (
            scenario(LOAD, POOL).replacen("need = 1", "need = \"peak\"", 1),
            "components.app-a.need: need = \"peak\" is for a balanced group or a component in series; a member of \"app\" sees only part of the demand: give a whole number (and need = \"peak\" on the block itself, for its pooled capacity)",
        ),
    ];
    for (text, expected) in cases {
        assert_input_error(&text, expected);
    }
}

#[test]
fn the_error_names_the_line_of_the_key() {
    let dir = temp_dir();
    let text = scenario(LOAD, &format!("{POOL}\nneed = 3"));
    let line = text.lines().position(|l| l == "need = 3").unwrap() + 1;
    write(dir.path(), "s.toml", &text);
    let output = nines(&["run", "s.toml"], dir.path());
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains(&format!("s.toml:{line}: blocks.app.need:")),
        "line {line}: {}",
        stderr(&output)
    );
}

#[test]
fn check_shows_the_pools_need_and_other_methods_step_aside() {
    let text = scenario(
        LOAD,
        &format!("{POOL}\nneed = \"peak\"\nheadroom = \"25%\""),
    );
    let dir = temp_dir();
    write(dir.path(), "s.toml", &text);
    // Each command, the exit code it must end with, and what it must say (out or err).
    let said = [
        (&["check", "s.toml"][..], 0, "pooled: app-a + app-b, need follows demand × 1.25"),
        (
            &["solve", "s.toml"][..],
            0,
            "block `app`: need = \"peak\" compares its pooled capacity with demand hour by hour, which neither exact method models",
        ),
        (
            &["run", "s.toml", "--method", "rare"][..],
            2,
            "capacity pooled across a block is not supported by --method rare",
        ),
    ];
    for (args, code, expected) in said {
        let output = nines(args, dir.path());
        let text = format!("{}{}", stdout(&output), stderr(&output));
        assert_eq!(output.status.code(), Some(code), "{args:?}: {text}");
        assert!(text.contains(expected), "{args:?}: {text}");
    }
}

#[test]
fn system_itself_may_be_the_pool_whose_need_follows_demand() {
    let dir = temp_dir();
    let text = scenario(LOAD, POOL).replace(
        "[blocks.app]\nany = [\"app-a\", \"app-b\"]\n[system]\nall = [\"app\"]",
        "[system]\nany = [\"app-a\", \"app-b\"]\nneed = \"peak\"",
    );
    assert!(text.contains("need = \"peak\""), "{text}");
    write(dir.path(), "s.toml", &text);
    let output = nines(&["run", "s.toml", "--format", "json"], dir.path());
    assert!(output.status.success(), "{}", stderr(&output));
    let summary: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    // 4000 rps against 6000 in all: more than 2000 rps down (one instance of each member,
    // say) is an outage, where a plain `any` is down only with all five instances down.
    let plain = {
        write(dir.path(), "p.toml", &text.replace("\nneed = \"peak\"", ""));
        let output = nines(&["run", "p.toml", "--format", "json"], dir.path());
        assert!(output.status.success(), "{}", stderr(&output));
        serde_json::from_str::<serde_json::Value>(&stdout(&output)).unwrap()
    };
    let availability = |v: &serde_json::Value| v["availability"]["mean"].as_f64().unwrap();
    assert!(
        availability(&summary) < availability(&plain) - 0.01,
        "{} vs {}",
        availability(&summary),
        availability(&plain)
    );
    // Requests are accounted as before: the need judges time only.
    assert_eq!(
        summary["request_availability"]["mean"],
        plain["request_availability"]["mean"]
    );
}

#[test]
fn rolling_maintenance_keeps_a_members_need_and_the_outages_it_causes_are_planned() {
    // Nothing fails; app-a's rolling maintenance takes one of its instances down at a time,
    // keeping app-a's own need (1), not the pool's: 6000 rps less 1000 misses the busy
    // hours' 4000 × 1.3. A window opened in a quiet hour costs nothing until 12:00; the
    // outage then begun counts to maintenance, planned, as one begun by it directly.
    let text = scenario(
        "[load]\ndemand = \"4000 rps\"\ndaily = [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]",
        &format!("{POOL}\nneed = \"peak\"\nheadroom = \"30%\""),
    )
    .replace("mean = \"90h\"", "mean = \"1000y\"")
    .replace(
        "[components.app-b]",
        "[components.app-a.maintenance]\nevery = \"1w\"\nduration = \"2h\"\n[components.app-b]",
    )
    .replace("horizon = \"30d\"", "horizon = \"1y\"");
    let summary = common::simulate(&text);
    let planned = &summary.planned_downtime;
    assert!(planned.planned_minutes_per_year > 1000.0, "{planned:?}");
    assert_eq!(planned.unplanned_minutes_per_year, 0.0, "{planned:?}");
    assert!(
        summary
            .attribution
            .causes
            .iter()
            .all(|c| c.cause == "maintenance"),
        "{:?}",
        summary.attribution.causes
    );
    // Without the pool's need the same windows cost nothing.
    let summary = common::simulate(&text.replace("need = \"peak\"\nheadroom = \"30%\"\n", ""));
    assert_eq!(summary.planned_downtime.planned_minutes_per_year, 0.0);
}

#[test]
fn the_summary_and_the_table_state_the_pools_need() {
    let dir = temp_dir();
    let with = scenario(
        LOAD,
        &format!("{POOL}\nneed = \"peak\"\nheadroom = \"25%\""),
    );
    write(dir.path(), "s.toml", &with);
    write(dir.path(), "p.toml", &scenario(LOAD, POOL));
    let json = |file: &str| {
        let output = nines(&["run", file, "--format", "json"], dir.path());
        assert!(output.status.success(), "{}", stderr(&output));
        serde_json::from_str::<serde_json::Value>(&stdout(&output)).unwrap()
    };
    assert_eq!(
        json("s.toml")["load"]["pools"][0]["peak_need_headroom"],
        0.25
    );
    // An added key: absent where the need is the members' own.
    assert!(json("p.toml")["load"]["pools"][0]
        .get("peak_need_headroom")
        .is_none());
    let output = nines(&["run", "s.toml"], dir.path());
    let table = stdout(&output);
    let row = table
        .lines()
        .find(|l| {
            l.trim_start()
                .starts_with("Capacity of app (pooled, 1 of 2)")
        })
        .unwrap_or_else(|| panic!("{table}"));
    assert!(row.ends_with("; need follows demand × 1.25"), "{row}");
}
