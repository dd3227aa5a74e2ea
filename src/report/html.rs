//! The `index.html` report of `--out DIR`: tables and every chart on one page, with no
//! script and nothing fetched from the network, so it reads offline and prints cleanly.

use std::fmt::Write;

/// A chart written beside the page, as `name.png` and `name.svg`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Figure {
    /// File name without extension.
    pub name: String,
    /// What it shows (alternative text and caption).
    pub title: String,
}

/// An HTML page under construction.
#[derive(Debug, Clone)]
pub struct Page {
    title: String,
    body: String,
}

/// Escapes text for HTML.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:2rem auto;\
max-width:1060px;padding:0 1rem;color:#222;line-height:1.45}\
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ddd}\
p.meta{color:#555;margin-top:0}div.wide{overflow-x:auto;max-width:100%}\
table{border-collapse:collapse;margin:.6rem 0}\
th,td{border:1px solid #ddd;padding:.3rem .6rem;text-align:left;vertical-align:top}\
th{background:#f4f6f8}td.num{text-align:right;font-variant-numeric:tabular-nums}\
figure{margin:1.2rem 0}figure img{max-width:100%;height:auto;border:1px solid #eee}\
figcaption{color:#555;font-size:.9rem}h1,h2,p,figcaption{overflow-wrap:anywhere}pre{background:#f7f7f7;padding:.8rem;overflow-x:auto}\
footer{margin-top:3rem;color:#777;font-size:.85rem}";

impl Page {
    /// A page titled `title`, with a line of `meta` under the heading.
    pub fn new(title: &str, meta: &str) -> Page {
        let mut body = String::new();
        let _ = write!(
            body,
            "<h1>{}</h1>\n<p class=\"meta\">{}</p>\n",
            escape(title),
            escape(meta)
        );
        Page {
            title: title.to_string(),
            body,
        }
    }

    /// Adds a section heading.
    pub fn heading(&mut self, text: &str) {
        let _ = writeln!(self.body, "<h2>{}</h2>", escape(text));
    }

    /// Adds a paragraph.
    pub fn paragraph(&mut self, text: &str) {
        let _ = writeln!(self.body, "<p>{}</p>", escape(text));
    }

    /// Adds a table; cells after the first column that read as numbers are right-aligned.
    /// It scrolls sideways inside its own box when wider than the page (a sweep has a column
    /// per measure), so the page itself never does.
    pub fn table(&mut self, header: &[String], rows: &[Vec<String>]) {
        self.body
            .push_str("<div class=\"wide\"><table>\n<thead><tr>");
        for cell in header {
            let _ = write!(self.body, "<th>{}</th>", escape(cell));
        }
        self.body.push_str("</tr></thead>\n<tbody>\n");
        for row in rows {
            self.body.push_str("<tr>");
            for (column, cell) in row.iter().enumerate() {
                let numeric = column > 0
                    && cell
                        .chars()
                        .next()
                        .is_some_and(|c| c.is_ascii_digit() || c == '-' || c == '+');
                let class = if numeric { " class=\"num\"" } else { "" };
                let _ = write!(self.body, "<td{class}>{}</td>", escape(cell));
            }
            self.body.push_str("</tr>\n");
        }
        self.body.push_str("</tbody>\n</table></div>\n");
    }

    /// Adds charts: each PNG shown, linked to its SVG.
    pub fn figures(&mut self, figures: &[Figure]) {
        for figure in figures {
            let name = escape(&figure.name);
            let title = escape(&figure.title);
            let _ = write!(
                self.body,
                "<figure id=\"{name}\"><a href=\"{name}.svg\"><img src=\"{name}.png\" \
                 alt=\"{title}\" width=\"{}\" height=\"{}\"></a>\n<figcaption>{title} \
                 (<a href=\"{name}.svg\">SVG</a>, <a href=\"{name}.png\">PNG</a>)</figcaption></figure>\n",
                super::charts::SIZE.0,
                super::charts::SIZE.1
            );
        }
    }

    /// Adds preformatted text, folded under `summary`.
    pub fn folded_text(&mut self, summary: &str, text: &str) {
        let _ = write!(
            self.body,
            "<details><summary>{}</summary>\n<pre>{}</pre>\n</details>\n",
            escape(summary),
            escape(text)
        );
    }

    /// Adds links to the page's data files.
    pub fn files(&mut self, files: &[&str]) {
        self.body.push_str("<p>Data: ");
        let links: Vec<String> = files
            .iter()
            .map(|f| format!("<a href=\"{0}\">{0}</a>", escape(f)))
            .collect();
        self.body.push_str(&links.join(", "));
        self.body.push_str("</p>\n");
    }

    /// The finished document.
    pub fn render(&self) -> String {
        format!(
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n{}<footer>Made by nines {}.</footer>\n</body>\n</html>\n",
            escape(&self.title),
            self.body,
            env!("CARGO_PKG_VERSION")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped() {
        let mut page = Page::new("a <b> & \"c\"", "m");
        page.table(&["x".into()], &[vec!["<script>".into()]]);
        let html = page.render();
        assert!(html.contains("a &lt;b&gt; &amp; &quot;c&quot;"));
        assert!(html.contains("&lt;script&gt;"));
        assert!(!html.contains("<script>"));
        // Wide tables scroll in their own box instead of widening the page.
        assert!(html.contains("<div class=\"wide\"><table>"));
    }
}
