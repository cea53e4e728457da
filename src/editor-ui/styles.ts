/** The editor's styles, on top of the dashboard's (src/views/styles.ts): forms, states, the translator's table. */
export const EDITOR_CSS = `
.rjsf fieldset{border:1px solid #bbb;padding:.5rem 1rem;margin:.5rem 0}
.rjsf .form-group{margin:.6rem 0}
.rjsf label.control-label,.rjsf legend{font-weight:600}
.rjsf label.control-label{display:block}
.rjsf input:not([type=checkbox]):not([type=radio]),.rjsf textarea,.rjsf select{width:100%;max-width:42rem;box-sizing:border-box}
.rjsf .checkboxes{display:flex;flex-wrap:wrap;gap:.25rem 1rem}
.rjsf .field-description{color:#444;margin:.1rem 0 .3rem}
.rjsf .error-detail{color:#a00000;font-weight:600;list-style:none;padding:0;margin:.2rem 0}
.rjsf .required{color:#a00000}
.rjsf .array-item{display:flex;gap:.5rem;align-items:flex-end;flex-wrap:wrap}
.rjsf .array-item>.col-xs-9{flex:1 1 20rem}
.rjsf .btn-group{display:flex;gap:.25rem}
.rjsf button[type=submit]{font-weight:700;margin-top:1rem}
button.remove{color:#a00000}
.notice{background:#eef7ee;border-inline-start:4px solid #0b6b2b;padding:.5rem .75rem}
.problems{border-inline-start:4px solid #a00000;padding:.25rem .75rem}
.warning{border-inline-start:4px solid #7a4d00;padding:.25rem .75rem}
.actions a,.actions button{margin-inline-end:.5rem;margin-block:.15rem;display:inline-block}
a.button{display:inline-block;border:1px solid #767676;padding:.4rem .8rem;border-radius:3px;text-decoration:none;background:#f4f4f4;color:#1a1a1a}
table.units td{vertical-align:top;width:42%}
table.units td.source{white-space:pre-wrap}
table.units textarea{width:100%;box-sizing:border-box}
.stale-mark{color:#7a4d00}
td.verdict{white-space:nowrap}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
article.draft{border:1px solid #bbb;padding:1rem;margin-top:1rem}
#editor-alert:empty{display:none}
summary h2{display:inline;cursor:pointer}
#editor-alert{color:#a00000;font-weight:600}
`;
