//! Bad durability keys: one line naming the file, line and key path with what would be
//! valid, exit code 2, and no output folder left behind.

mod common;

use common::cli::{nines, refused_run, stderr, temp_dir, write};

const BASE: &str = r#"name = "store"
[components.zone]
count = 3
need = 1
failure = { dist = "exponential", mean = "5y" }
repair = { dist = "fixed", value = "1h" }
[components.disk]
count = 6
need = 1
depends_on = ["zone"]
failure = { dist = "exponential", afr = "3%" }
repair = { dist = "fixed", value = "1d" }
[system]
all = ["disk"]
[data.objects]
size = "1TB"
stored_on = "disk"
"#;

/// (durability keys, key path the error must name, words it must say)
const CASES: &[(&str, &str, &str)] = &[
    (
        "placement = { stripes = 10 }\nfragment_rebuild = { time = \"1d\" }",
        "data.objects.placement",
        "need redundancy",
    ),
    (
        "redundancy = { replicas = 0 }\nfragment_rebuild = { time = \"1d\" }",
        "data.objects.redundancy.replicas",
        "from 1 to 64",
    ),
    (
        "redundancy = { replicas = 2, data = 6 }\nfragment_rebuild = { time = \"1d\" }",
        "data.objects.redundancy",
        "{ data = k, parity = m }",
    ),
    (
        "redundancy = { replicas = 3 }",
        "data.objects",
        "needs fragment_rebuild",
    ),
    (
        "redundancy = { replicas = 3 }\nfragment_rebuild = { time = \"1d\", throughput = \"1GB/s\" }",
        "data.objects.fragment_rebuild",
        "either throughput",
    ),
    (
        "redundancy = { replicas = 3 }\nfragment_rebuild = { time = \"1d\", concurrent = 0 }",
        "data.objects.fragment_rebuild.concurrent",
        "at least 1",
    ),
    (
        "redundancy = { replicas = 3 }\nplacement = { spread = \"rack\" }\nfragment_rebuild = { time = \"1d\" }",
        "data.objects.placement.spread",
        "a component it depends on: zone",
    ),
    (
        "redundancy = { replicas = 4 }\nplacement = { spread = \"zone\" }\nfragment_rebuild = { time = \"1d\" }",
        "data.objects.placement.spread",
        "only 3 instances of \"zone\"",
    ),
    (
        "redundancy = { data = 6, parity = 3 }\nfragment_rebuild = { time = \"1d\" }",
        "data.objects.redundancy",
        "only 6 devices",
    ),
    (
        "redundancy = { replicas = 2 }\nplacement = { stripes = \"many\" }\nfragment_rebuild = { time = \"1d\" }",
        "data.objects.placement.stripes",
        "or \"all\"",
    ),
    (
        "redundancy = { replicas = 2 }\nfragment_rebuild = { time = \"1d\" }\ndestructive_modes = [\"fire\"]",
        "data.objects.destructive_modes[0]",
        "its modes: failure",
    ),
    (
        "redundancy = { replicas = 2 }\nfragment_rebuild = { time = \"1d\" }\ndestructive_modes = [\"node.failure\"]",
        "data.objects.destructive_modes[0]",
        "COMPONENT.MODE",
    ),
    (
        "redundancy = { replicas = 2 }\nfragment_rebuild = { time = \"1d\" }\nper_disk = \"lots\"",
        "data.objects.per_disk",
        "size",
    ),
    (
        "redundancy = { replicas = 2 }\nfragment_rebuild = { time = \"1d\" }\ncost_per_tb_month = \"cheap\"",
        "data.objects.cost_per_tb_month",
        "a number of at least 0",
    ),
];

#[test]
fn bad_durability_keys_exit_2_with_the_key_path() {
    let dir = temp_dir();
    for (keys, path, words) in CASES {
        let file = write(dir.path(), "store.toml", &format!("{BASE}{keys}\n"));
        let message = refused_run(dir.path(), &file, keys);
        assert!(message.contains(&format!(" {path}: ")), "{keys}: {message}");
        assert!(message.contains(words), "{keys}: {message}");
    }
}

#[test]
fn good_durability_keys_check() {
    let dir = temp_dir();
    let keys = "redundancy = { replicas = 3 }\nplacement = { spread = \"zone\", stripes = 100 }\nper_disk = \"1TB\"\nfragment_rebuild = { throughput = \"100MB/s\", concurrent = 2 }\ndestructive_modes = [\"failure\", \"zone.failure\"]\ncost_per_tb_month = 12.5";
    let file = write(dir.path(), "store.toml", &format!("{BASE}{keys}\n"));
    let output = nines(&["check", file.to_str().unwrap()], dir.path());
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}
