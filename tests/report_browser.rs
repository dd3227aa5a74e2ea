//! The HTML report as a reader sees it: opened in headless Chromium, every chart must load
//! and the page must raise no error.
//!
//! Chromium is found at $NINES_CHROMIUM, else as `chromium`, `chromium-browser` or
//! `google-chrome` on the PATH. Without one the test says so and passes, unless
//! NINES_REQUIRE_CHROMIUM is set (CI sets it after installing Debian's chromium).

use std::path::{Path, PathBuf};
use std::process::Command;

fn chromium() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("NINES_CHROMIUM") {
        return Some(PathBuf::from(path));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| {
            ["chromium", "chromium-browser", "google-chrome"].map(|name| dir.join(name))
        })
        .find(|candidate| candidate.is_file())
}

/// Checks run in the page once everything has loaded; the verdict is written into the DOM,
/// which `--dump-dom` prints.
const PROBE_HEAD: &str = "<script>window.__errors=[];window.addEventListener('error',\
function(e){window.__errors.push(String(e.message||(e.target&&(e.target.src||e.target.href))))},true);</script>";
const PROBE_BODY: &str = "<script>window.addEventListener('load',function(){\
var imgs=Array.from(document.images);\
var broken=imgs.filter(function(i){return !(i.complete&&i.naturalWidth>0)}).map(function(i){return i.src});\
var tables=document.querySelectorAll('table').length;\
var root=document.documentElement;var overflow=Math.max(0,root.scrollWidth-root.clientWidth);\
var pre=document.createElement('pre');pre.id='render-check';\
pre.textContent='images='+imgs.length+' broken='+broken.length+' tables='+tables+' errors='+window.__errors.length+' overflow='+overflow+' '+broken.concat(window.__errors).join(' ');\
document.body.appendChild(pre);});</script>";

/// Opens `page` in headless Chromium (a 900-pixel-wide window, narrower than the page's
/// widest tables) and returns the probe's verdict line.
fn render(browser: &Path, page: &Path, profile: &Path) -> String {
    let source = std::fs::read_to_string(page).unwrap();
    let probed = source
        .replacen("<head>", &format!("<head>\n{PROBE_HEAD}"), 1)
        .replacen("</body>", &format!("{PROBE_BODY}\n</body>"), 1);
    let probe = page.with_file_name("probe.html");
    std::fs::write(&probe, probed).unwrap();
    let output = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--virtual-time-budget=10000",
            "--window-size=900,800",
            "--dump-dom",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("file://{}", probe.display()))
        .output()
        .expect("chromium starts");
    let dom = String::from_utf8_lossy(&output.stdout);
    let start = dom.find("<pre id=\"render-check\">").unwrap_or_else(|| {
        panic!(
            "the probe did not run; chromium said: {}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    let rest = &dom[start + "<pre id=\"render-check\">".len()..];
    rest[..rest.find("</pre>").unwrap()].to_string()
}

#[test]
fn the_report_renders_in_chromium_with_every_chart() {
    let Some(browser) = chromium() else {
        assert!(
            std::env::var_os("NINES_REQUIRE_CHROMIUM").is_none(),
            "NINES_REQUIRE_CHROMIUM is set but no Chromium was found"
        );
        eprintln!("skipped: no Chromium found (set NINES_CHROMIUM or install chromium)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report");
    // The built-in example has every kind of chart: downtime, outages, causes, recovery
    // (it has a data set) and the timeline.
    let status = Command::new(env!("CARGO_BIN_EXE_nines"))
        .args([
            "run",
            "--trials",
            "300",
            "--importance-trials",
            "0",
            "--out",
        ])
        .arg(&out)
        .stdout(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    let verdict = render(
        &browser,
        &out.join("index.html"),
        &dir.path().join("profile"),
    );
    assert!(
        verdict.starts_with("images=5 broken=0 tables=3 errors=0 overflow=0"),
        "{verdict}"
    );
}

#[test]
fn a_wide_sweep_table_does_not_widen_the_page() {
    let Some(browser) = chromium() else {
        assert!(
            std::env::var_os("NINES_REQUIRE_CHROMIUM").is_none(),
            "NINES_REQUIRE_CHROMIUM is set but no Chromium was found"
        );
        eprintln!("skipped: no Chromium found (set NINES_CHROMIUM or install chromium)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("sweep");
    // Two keys: a column for each, then every measure; far wider than the window.
    let scenario = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/app-tier.toml");
    let status = Command::new(env!("CARGO_BIN_EXE_nines"))
        .arg("sweep")
        .arg(&scenario)
        .args([
            "--trials",
            "200",
            "--set",
            "components.app.count=4,5",
            "--set",
            "components.app.need=3,4",
            "--out",
        ])
        .arg(&out)
        .stdout(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    let verdict = render(
        &browser,
        &out.join("index.html"),
        &dir.path().join("profile"),
    );
    assert!(
        verdict.starts_with("images=1 broken=0 tables=1 errors=0 overflow=0"),
        "{verdict}"
    );
}

#[test]
fn the_plan_report_renders_with_its_frontier_chart() {
    let Some(browser) = chromium() else {
        assert!(
            std::env::var_os("NINES_REQUIRE_CHROMIUM").is_none(),
            "NINES_REQUIRE_CHROMIUM is set but no Chromium was found"
        );
        eprintln!("skipped: no Chromium found (set NINES_CHROMIUM or install chromium)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("plan");
    let scenario = dir.path().join("priced.toml");
    std::fs::write(
        &scenario,
        "[simulation]\ntrials = 400\ntarget = \"99.9%\"\n[components.app]\ncount = 2\nneed = 1\n\
         failure = { dist = \"exponential\", mean = \"300h\" }\n\
         repair = { dist = \"lognormal\", median = \"4h\", p95 = \"12h\" }\n\
         [cost.components.app]\nper_instance = \"$0.10/h\"\n[system]\nall = [\"app\"]\n",
    )
    .unwrap();
    let status = Command::new(env!("CARGO_BIN_EXE_nines"))
        .arg("plan")
        .arg(&scenario)
        .args(["--vary", "components.app.count=1,2,3,4", "--out"])
        .arg(&out)
        .stdout(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    let verdict = render(
        &browser,
        &out.join("index.html"),
        &dir.path().join("profile"),
    );
    // Feasible designs, the Pareto front and the paired intervals: three tables.
    assert!(
        verdict.starts_with("images=1 broken=0 tables=3 errors=0 overflow=0"),
        "{verdict}"
    );
}
