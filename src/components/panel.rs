//! The frame every panel shares: a numbered title that names the stage of CPython it shows,
//! a one-line subtitle saying what the student sees in it, and the panel's body.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PanelProps {
    /// The stage number in the pipeline ("1" for tokens); empty for panels outside it.
    #[prop_or_default]
    pub number: AttrValue,
    pub title: AttrValue,
    pub subtitle: AttrValue,
    /// Extra class for the panel's own stylesheet, e.g. `tokens-panel`.
    pub class: AttrValue,
    pub testid: AttrValue,
    /// Controls that stay in place above the scrolling body (e.g. the bytecode phase tabs).
    #[prop_or_default]
    pub toolbar: Option<Html>,
    #[prop_or_default]
    pub footer: Option<Html>,
    #[prop_or_default]
    pub children: Html,
}

#[component]
pub fn Panel(props: &PanelProps) -> Html {
    html! {
        <section class={classes!("panel", props.class.to_string())} data-testid={props.testid.clone()}>
            <header class="panel-header">
                <h2 class="panel-title">
                    if !props.number.is_empty() {
                        <span class="panel-number">{ props.number.clone() }</span>
                    }
                    { props.title.clone() }
                </h2>
                <p class="panel-subtitle">{ props.subtitle.clone() }</p>
            </header>
            if let Some(toolbar) = &props.toolbar {
                <div class="panel-toolbar">{ toolbar.clone() }</div>
            }
            <div class="panel-body">{ props.children.clone() }</div>
            if let Some(footer) = &props.footer {
                <footer class="panel-footer">{ footer.clone() }</footer>
            }
        </section>
    }
}

/// Scrolls the panel body holding `element` (only that, never the page) so `element` is in view:
/// stepping keeps the current instruction visible without moving what the student is looking at.
pub fn scroll_into_panel_view(element: &web_sys::Element) {
    let Ok(Some(body)) = element.closest(".panel-body") else {
        return;
    };
    const MARGIN: f64 = 24.0;
    let row = element.get_bounding_client_rect();
    let frame = body.get_bounding_client_rect();
    let scroll_top = f64::from(body.scroll_top());
    if row.top() < frame.top() + MARGIN {
        body.set_scroll_top((scroll_top - (frame.top() + MARGIN - row.top())).max(0.0) as i32);
    } else if row.bottom() > frame.bottom() - MARGIN {
        body.set_scroll_top((scroll_top + (row.bottom() - frame.bottom() + MARGIN)) as i32);
    }
}
