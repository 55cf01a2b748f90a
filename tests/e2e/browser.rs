//! The page of `diplograph serve` in a real browser: headless Chromium driven through
//! chromedriver (WebDriver). It searches, opens an actor, reads a relation's quote in its
//! source, moves the date slider, re-centres the diagram, finds a path, shows the balance, and
//! checks that hostile names run no script and inject no markup.
//!
//! Chromium and chromedriver come from Debian (`apt-get install chromium chromium-driver`).
//! Without them the tests say so and pass, unless `DIPLOGRAPH_REQUIRE_BROWSER` is set (CI sets
//! it), where a missing browser fails them. `DIPLOGRAPH_SCREENSHOTS=DIR` saves screenshots of
//! the main views there (docs/img/ holds those of docs/serve.md).

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::key::Key;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};

use crate::util::{copy_dir, data_dir, root, test_data};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// A child process killed when dropped.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Whether the browser is here; panics when it is required and missing.
fn browser_available() -> bool {
    let here = Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists();
    if !here {
        assert!(
            std::env::var_os("DIPLOGRAPH_REQUIRE_BROWSER").is_none(),
            "{CHROMIUM} or {CHROMEDRIVER} is missing: apt-get install chromium chromium-driver"
        );
        eprintln!("notice: no Chromium ({CHROMIUM}, {CHROMEDRIVER}); the browser test does nothing here");
    }
    here
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// `diplograph serve` on `data`, and its URL.
fn serve(data: &Path, sources: Option<&Path>) -> (Running, String) {
    // From the repository root, the shipped data is `data` (as the page then shows it).
    let data = data.strip_prefix(root()).unwrap_or(data);
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_diplograph"));
    cmd.current_dir(root()).arg("--data").arg(data).args(["serve", "--port", "0", "--debounce", "50"]);
    if let Some(dir) = sources {
        cmd.arg("--sources").arg(dir);
    }
    let mut child = cmd.stderr(Stdio::piped()).stdout(Stdio::null()).spawn().unwrap();
    let stderr = child.stderr.take().unwrap();
    let mut line = String::new();
    BufReader::new(stderr).read_line(&mut line).unwrap();
    let url =
        line.split_whitespace().find(|w| w.starts_with("http://")).unwrap_or_else(|| panic!("no URL in {line:?}"));
    (Running(child), url.to_owned())
}

/// chromedriver and a headless Chromium session with a fresh profile.
async fn browser(profile: &Path) -> (Running, Client) {
    let port = free_port();
    let driver = Command::new(CHROMEDRIVER)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let driver = Running(driver);
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": CHROMIUM,
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1400,900",
                format!("--user-data-dir={}", profile.display()),
            ],
        }),
    );
    let start = Instant::now();
    loop {
        let connected = ClientBuilder::rustls()
            .expect("a TLS client")
            .capabilities(caps.clone())
            .connect(&format!("http://127.0.0.1:{port}"))
            .await;
        match connected {
            Ok(client) => return (driver, client),
            Err(e) if start.elapsed() > Duration::from_secs(30) => panic!("cannot start the browser: {e}"),
            Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
        }
    }
}

/// Waits until `script` (a function body) returns true.
async fn until(client: &Client, what: &str, script: &str) {
    let start = Instant::now();
    loop {
        let value = client.execute(script, vec![]).await.unwrap();
        if value == Value::Bool(true) {
            return;
        }
        assert!(start.elapsed() < Duration::from_secs(20), "gave up waiting for {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Clicks the first element `css` selects, scrolled to the middle of the window first (the
/// header stays on top).
async fn click(client: &Client, css: &str) {
    let element = client.wait().for_element(Locator::Css(css)).await.unwrap();
    let scroll = format!("document.querySelector({css:?}).scrollIntoView({{block: 'center'}}); return true;");
    client.execute(&scroll, vec![]).await.unwrap();
    element.click().await.unwrap();
}

async fn text(client: &Client, css: &str) -> String {
    client.wait().for_element(Locator::Css(css)).await.unwrap().text().await.unwrap()
}

/// Nothing on the page is a value printed by mistake (`[object ...]`, `undefined`, `null`).
async fn no_stray_values(client: &Client) {
    let shown = client.execute("return document.body.innerText", vec![]).await.unwrap();
    let shown = shown.as_str().unwrap();
    for stray in ["[object", "undefined", "null"] {
        assert!(!shown.contains(stray), "the page shows {stray:?}:\n{shown}");
    }
}

async fn screenshot(client: &Client, name: &str) {
    if let Some(dir) = std::env::var_os("DIPLOGRAPH_SCREENSHOTS") {
        let png = client.screenshot().await.unwrap();
        std::fs::write(PathBuf::from(dir).join(format!("{name}.png")), png).unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_page_searches_shows_evidence_follows_the_date_and_draws() {
    if !browser_available() {
        return;
    }
    let (_server, url) = serve(&data_dir(), None);
    let profile = tempfile::tempdir().unwrap();
    let (_driver, client) = browser(profile.path()).await;
    client.goto(&url).await.unwrap();

    // Search "Russia": suggestions, then the actor page.
    let search = client.wait().for_element(Locator::Id("search")).await.unwrap();
    search.send_keys("Russia").await.unwrap();
    until(&client, "suggestions", "return document.querySelectorAll('#suggestions li').length > 0").await;
    assert_eq!(text(&client, "#suggestions li").await.lines().next().unwrap().trim(), "Russia");
    search.send_keys(&char::from(Key::Enter).to_string()).await.unwrap();
    until(&client, "the actor page", "return (document.querySelector('main h1') || {}).textContent === 'Russia'").await;
    until(&client, "the diagram", "return document.querySelectorAll('.diagram svg g.node').length > 3").await;
    no_stray_values(&client).await;
    screenshot(&client, "serve-actor").await;

    // Click a relation: its quote is shown, in its passage of the source.
    let quote = "In 2025, Moscow and Tehran signed a strategic partnership agreement";
    click(&client, "button[data-relation='ru-ir-partnership']").await;
    until(&client, "the evidence", "return !!document.querySelector('#evidence blockquote.quoted')").await;
    assert_eq!(text(&client, "#evidence blockquote.quoted").await, quote);
    assert_eq!(text(&client, "#evidence .passage mark").await, quote);
    // The date the quote does not state is marked as background knowledge, with its source.
    let background = text(&client, "#evidence .background").await;
    assert!(background.contains("Background knowledge, not quoted: since"), "{background}");
    assert!(background.contains("17 January 2025") && background.contains("(general knowledge)"), "{background}");
    assert!(client.current_url().await.unwrap().as_str().contains("rel=ru-ir-partnership"));
    no_stray_values(&client).await;
    screenshot(&client, "serve-evidence").await;

    // The slider to 2024: the partnership signed in 2025 is gone from the page and the diagram.
    let slider = client.find(Locator::Id("date")).await.unwrap();
    slider.click().await.unwrap();
    slider.send_keys(&char::from(Key::End).to_string()).await.unwrap();
    slider.send_keys(&char::from(Key::Left).to_string().repeat(2)).await.unwrap();
    until(&client, "the date in the URL", "return location.hash.includes('at=2024')").await;
    until(
        &client,
        "the view at 2024",
        "return (document.querySelector('main h2.relations-title') || {textContent: ''}).textContent.includes('at 2024')",
    )
    .await;
    assert_eq!(text(&client, "#date-label").await, "2024");
    let gone = client.find_all(Locator::Css("main button[data-relation='ru-ir-partnership']")).await.unwrap();
    assert!(gone.is_empty(), "the 2025 partnership is still listed at 2024");
    assert!(
        !client
            .find_all(Locator::Css("main button[data-relation='ru-ir-working-relationship']"))
            .await
            .unwrap()
            .is_empty(),
        "an older relation should still be listed"
    );

    // Clicking an actor in the diagram re-centres on it, keeping the date.
    until(
        &client,
        "the diagram at 2024",
        "return !!document.querySelector('.diagram svg g.node[data-actor=\"iran\"]')",
    )
    .await;
    click(&client, ".diagram svg g.node[data-actor='iran']").await;
    until(&client, "Iran's page", "return (document.querySelector('main h1') || {}).textContent === 'Iran'").await;
    assert!(client.current_url().await.unwrap().as_str().contains("at=2024"));

    // A relation in the diagram opens its evidence.
    client.goto(&format!("{url}#/actor/russia")).await.unwrap();
    until(&client, "the diagram's relations", "return document.querySelectorAll('.diagram svg g.edge').length > 3")
        .await;
    click(&client, ".diagram svg g.edge text").await;
    until(&client, "the evidence of a diagram relation", "return !!document.querySelector('#evidence h2')").await;

    // A path, with its signs.
    client.goto(&format!("{url}#/path?from=russia&to=hamas&k=3")).await.unwrap();
    until(&client, "the paths", "return document.querySelectorAll('ol.paths > li').length > 0").await;
    assert!(text(&client, "ol.paths > li").await.contains("Russia → Hamas"));
    // The rejected 2023 offer links them, with no sign.
    assert_eq!(text(&client, "ol.paths > li .sign").await, "?");
    until(&client, "the path diagram", "return !!document.querySelector('.diagram svg')").await;
    no_stray_values(&client).await;
    screenshot(&client, "serve-path").await;

    // The balance.
    client.goto(&format!("{url}#/balance")).await.unwrap();
    until(
        &client,
        "the balance",
        "return (document.querySelector('main h1') || {}).textContent === 'Structural balance'",
    )
    .await;
    assert!(text(&client, "main").await.contains("Unbalanced triads (1)"));
    assert!(text(&client, "main").await.contains("Balancers (1)"));
    // The balancer, with the hostile pairs it keeps cooperative relations with; its name leads
    // to its page.
    assert_eq!(text(&client, "ol.balancers > li").await, "Russia: between Iran and Israel");
    no_stray_values(&client).await;
    screenshot(&client, "serve-balance").await;
    click(&client, "ol.balancers > li > a").await;
    until(&client, "the balancer's page", "return (document.querySelector('main h1') || {}).textContent === 'Russia'")
        .await;

    // A bookmarked view opens as it was.
    client.goto(&format!("{url}#/actor/iran?at=2024&rel=ru-ir-partnership")).await.unwrap();
    until(&client, "the bookmarked view", "return (document.querySelector('main h1') || {}).textContent === 'Iran'")
        .await;
    until(&client, "its evidence", "return !!document.querySelector('#evidence blockquote.quoted')").await;
    assert_eq!(text(&client, "#date-label").await, "2024");
    client.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_names_run_no_script_and_inject_no_markup() {
    if !browser_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    copy_dir(&test_data().join("adversarial"), &data);
    let payload = "<img src=x onerror=\"window.pwned=1\"><script>window.pwned=2</script>";
    std::fs::write(
        data.join("hostile.ron"),
        format!(
            "Graph(actors: [Country(id: \"hostile\", name: {name:?}, aliases: [{alias:?}], note: {note:?})],\n\
             relations: [Relation(subject: \"hostile\", kind: \"war\", object: \"edge\", since: \"2024\",\n\
             evidence: [Quote(source: \"src-1\", text: {quote:?})])])",
            name = format!("Evil {payload}"),
            alias = "</title><svg onload=\"window.pwned=3\">",
            note = "javascript:window.pwned=4",
            quote = "<iframe src=\"javascript:window.pwned=5\"></iframe>",
        ),
    )
    .unwrap();
    let check = Command::new(env!("CARGO_BIN_EXE_diplograph")).arg("--data").arg(&data).arg("check").output().unwrap();
    assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stderr));
    let (_server, url) = serve(&data, None);
    let profile = tempfile::tempdir().unwrap();
    let (_driver, client) = browser(profile.path()).await;
    for view in ["#/actor/hostile", "#/actor/node", "#/actor/edge", "#/path?from=hostile&to=graph&k=3", "#/balance"] {
        client.goto(&format!("{url}{view}")).await.unwrap();
        until(&client, view, "return !!document.querySelector('main h1, main .error')").await;
        // Let the diagram arrive too.
        tokio::time::sleep(Duration::from_millis(400)).await;
    }
    client.goto(&format!("{url}#/actor/hostile?rel=hostile/war/edge")).await.unwrap();
    until(&client, "the hostile page", "return !!document.querySelector('#evidence blockquote.quoted')").await;
    until(&client, "its diagram", "return !!document.querySelector('.diagram svg g.node[data-actor=\"hostile\"]')")
        .await;
    screenshot(&client, "serve-adversarial").await;
    let search = client.find(Locator::Id("search")).await.unwrap();
    search.send_keys("Evil").await.unwrap();
    until(&client, "suggestions", "return document.querySelectorAll('#suggestions li').length > 0").await;
    let report = client
        .execute(
            "return { pwned: window.pwned === undefined ? null : window.pwned,
                      scripts: document.scripts.length,
                      images: [...document.images].map(i => i.getAttribute('src')),
                      frames: document.querySelectorAll('iframe, object, embed').length,
                      svgHandlers: [...document.querySelectorAll('svg *')].filter(n => [...n.attributes].some(a => a.name.startsWith('on'))).length,
                      h1: document.querySelector('main h1').textContent,
                      quote: document.querySelector('#evidence blockquote.quoted').textContent,
                      suggestion: document.querySelector('#suggestions li span').textContent }",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(report["pwned"], Value::Null, "a script ran: {report}");
    assert_eq!(report["scripts"], 1, "{report}");
    assert_eq!(report["images"], json!(["/assets/icon.svg"]), "{report}");
    assert_eq!(report["frames"], 0, "{report}");
    assert_eq!(report["svgHandlers"], 0, "{report}");
    // The names are shown as written.
    assert_eq!(report["h1"], format!("Evil {payload}"));
    assert_eq!(report["quote"], "<iframe src=\"javascript:window.pwned=5\"></iframe>");
    assert!(report["suggestion"].as_str().unwrap().starts_with("Evil <img"), "{report}");
    client.close().await.unwrap();
}
