//! Shows the engine's HTML report as is, in a sandboxed frame (no script can run in it).

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ReportProps {
    pub html: AttrValue,
}

#[function_component(ReportView)]
pub fn report_view(p: &ReportProps) -> Html {
    html! {
        <iframe class="report" data-testid="report" title="Plumbline report" sandbox="" srcdoc={p.html.clone()} />
    }
}
