//! Shapes of markup that many panels repeat, each built by one function: `html!`
//! expands every element into inline construction code, so a shape written once here
//! is in the page once (the page's size; see the README's size budget).

use yew::prelude::*;
use yew::virtual_dom::VText;

/// A table's header row, `<tr><th>Name</th><th>Value</th>…</tr>`.
#[inline(never)]
pub fn header_row(labels: &[&'static str]) -> Html {
    html! { <tr>{ for labels.iter().map(|label| html! { <th>{ *label }</th> }) }</tr> }
}

/// A term and its description, `<dt>term</dt><dd class="…">description</dd>`.
#[inline(never)]
pub fn term(term: &str, class: Option<&'static str>, description: &str) -> Html {
    html! { <><dt>{ text(term) }</dt><dd {class}>{ text(description) }</dd></> }
}

/// A text node (one conversion, instead of one per type of string shown).
#[inline(never)]
pub fn text(text: &str) -> Html {
    VText::new(AttrValue::from(text.to_owned())).into()
}

/// `<tag class="…">text</tag>`: an element holding text only.
#[inline(never)]
pub fn el(tag: &'static str, class: Option<&'static str>, content: &str) -> Html {
    html! { <@{tag} {class}>{ text(content) }</@> }
}
