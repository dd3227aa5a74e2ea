//! Text as the PNG draws it: widths measured with the embedded fonts (fallbacks included),
//! so labels can be placed and shortened to fit, and (for tests) every label of a drawn
//! chart with its box and the glyphs no font had.

use super::style;
use crate::report::html::escape;

/// plotters writes a font of size `s` into SVG as `font-size = s / 1.24`.
const SVG_SCALE: f64 = 1.24;

/// The ellipsis that ends a shortened label.
const ELLIPSIS: char = '…';

/// Width in pixels of `text` in a plotters font of `size`, as the PNG draws it (from the
/// first glyph's ink to the last's).
pub fn width(text: &str, size: f64) -> f64 {
    if text.trim().is_empty() {
        return 0.0;
    }
    let svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\">\
         <text x=\"0\" y=\"50\" font-family=\"{}\" font-size=\"{}\">{}</text></svg>",
        style::FAMILY,
        size / SVG_SCALE,
        escape(text)
    );
    // Should the text not parse, a generous guess (0.7 em a character) still keeps labels in.
    super::parse_svg(&svg).map_or(text.chars().count() as f64 * size * 0.7, |tree| {
        f64::from(tree.root().abs_bounding_box().width())
    })
}

/// `text`, shortened with an ellipsis in the middle if needed to be at most `max` pixels
/// wide in a font of `size`. The middle goes because names sharing a long prefix differ at
/// the end ("frontend-cache-7"), and "component: mode" needs both.
pub fn fit(text: &str, size: f64, max: f64) -> String {
    if width(text, size) <= max {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    let shortened = |keep: usize| -> String {
        let tail = keep / 2;
        let head = keep - tail;
        let mut out: String = chars[..head].iter().collect::<String>().trim_end().into();
        out.push(ELLIPSIS);
        out.push_str(
            chars[chars.len() - tail..]
                .iter()
                .collect::<String>()
                .trim_start(),
        );
        out
    };
    // The most characters kept that fit, found by bisection (widths grow with them).
    let (mut lo, mut hi) = (0, chars.len() - 1);
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        if width(&shortened(mid), size) <= max {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    shortened(lo)
}

/// One piece of text of a drawn chart.
#[cfg(test)]
#[derive(Debug, Clone)]
pub struct Label {
    /// What it says.
    pub text: String,
    /// Its box in pixels: left, top, right, bottom.
    pub bounds: [f32; 4],
    /// Glyphs drawn as .notdef (a box), because no embedded font has the character.
    pub missing: usize,
}

/// Every piece of text of `svg`, laid out with the embedded fonts as the PNG draws it.
#[cfg(test)]
pub fn labels(svg: &str) -> Vec<Label> {
    use resvg::usvg::Node;
    fn walk(group: &resvg::usvg::Group, out: &mut Vec<Label>) {
        for node in group.children() {
            match node {
                Node::Group(g) => walk(g, out),
                Node::Text(t) => {
                    let b = t.abs_bounding_box();
                    out.push(Label {
                        text: t.chunks().iter().map(|c| c.text()).collect(),
                        bounds: [b.left(), b.top(), b.right(), b.bottom()],
                        missing: t
                            .layouted()
                            .iter()
                            .flat_map(|s| &s.positioned_glyphs)
                            .filter(|g| g.id.0 == 0)
                            .count(),
                    });
                }
                _ => {}
            }
        }
    }
    let tree = super::parse_svg(svg).expect("a chart is valid SVG");
    let mut out = Vec::new();
    walk(tree.root(), &mut out);
    out
}

/// What is wrong with the text of `svg` (`size` pixels): text outside the picture, text over
/// other text, characters drawn as boxes. Empty when all is well.
#[cfg(test)]
pub fn problems(svg: &str, size: (u32, u32)) -> Vec<String> {
    let labels = labels(svg);
    let (w, h) = (size.0 as f32, size.1 as f32);
    let mut found = Vec::new();
    for l in &labels {
        let [left, top, right, bottom] = l.bounds;
        if left < 0.0 || top < 0.0 || right > w || bottom > h {
            found.push(format!(
                "outside the picture: {:?} at {:?}",
                l.text, l.bounds
            ));
        }
        if l.missing > 0 {
            found.push(format!("{} box(es) in {:?}", l.missing, l.text));
        }
    }
    for (i, a) in labels.iter().enumerate() {
        for b in &labels[i + 1..] {
            // A pixel of touching is not an overlap a reader sees.
            let x = a.bounds[2].min(b.bounds[2]) - a.bounds[0].max(b.bounds[0]);
            let y = a.bounds[3].min(b.bounds[3]) - a.bounds[1].max(b.bounds[1]);
            if x > 1.0 && y > 1.0 {
                found.push(format!("{:?} overlaps {:?}", a.text, b.text));
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_grow_with_the_text_and_cover_fallback_fonts() {
        let short = width("ab", 15.0);
        let long = width("abcdef", 15.0);
        assert!(short > 5.0 && long > 2.5 * short, "{short} {long}");
        // Chinese is drawn from Unifont: wider than a Latin letter, not zero.
        assert!(width("数据库", 15.0) > width("abc", 15.0));
    }

    #[test]
    fn fit_shortens_with_an_ellipsis() {
        let text = "a very long component name that cannot fit-7";
        let fitted = fit(text, 15.0, 100.0);
        assert!(
            fitted.starts_with("a ve") && fitted.ends_with("fit-7"),
            "{fitted}"
        );
        assert!(
            fitted.contains('…') && width(&fitted, 15.0) <= 100.0,
            "{fitted}"
        );
        assert_eq!(fit("db", 15.0, 100.0), "db");
    }

    #[test]
    fn cjk_arabic_and_emoji_have_glyphs() {
        let svg = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"600\" height=\"60\">\
             <text x=\"10\" y=\"40\" font-family=\"{}\" font-size=\"20\">\
             数据库 データベース قاعدة 🚀 db</text></svg>",
            style::FAMILY
        );
        let found = labels(&svg);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].missing, 0, "{found:?}");
    }
}
