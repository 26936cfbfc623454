import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import express from 'express';
import nunjucks from 'nunjucks';
import { GOVUK_FRONTEND_DIR, setUpNunjucks } from '../../../src/platform/web/nunjucks.ts';

describe("the page templates' trim filter", () => {
  const env = setUpNunjucks(express(), {});
  it('trims as nunjucks does and keeps safe markup safe, escaped text escaped', () => {
    assert.equal(env.renderString('[{{ text | trim }}]', { text: ' \n\t<b>x</b> \u00a0\n' }), '[&lt;b&gt;x&lt;/b&gt;]');
    assert.equal(env.renderString('[{{ text | safe | trim }}]', { text: '  <b>x</b>\n ' }), '[<b>x</b>]');
    assert.equal(env.renderString('[{{ text | trim }}]', { text: 'a  b' }), '[a  b]');
  });
  it('renders GOV.UK components exactly as with nunjucks’ own trim', () => {
    const plain = new nunjucks.Environment(new nunjucks.FileSystemLoader([GOVUK_FRONTEND_DIR]), { autoescape: true });
    const page = `{% from "govuk/components/tag/macro.njk" import govukTag %}{% from "govuk/components/select/macro.njk" import govukSelect %}
      {% from "govuk/components/radios/macro.njk" import govukRadios %}
      {{ govukTag({ text: "Category 3", classes: "govuk-tag--red" }) }}
      {{ govukSelect({ id: "kind", name: "kind", label: { text: "Kind" }, items: [{ value: "", text: "All" }, { value: "note", text: "Note <b>", selected: true }], errorMessage: { text: "Choose a kind" } }) }}
      {{ govukRadios({ name: "why", fieldset: { legend: { text: "Why?" } }, items: [{ value: "a", text: "A", hint: { text: "  spaced  " } }, { value: "b", html: "<em>B</em>" }] }) }}`;
    const html = env.renderString(page, {});
    assert.match(html, /govuk-tag--red/);
    assert.match(html, /Note &lt;b&gt;/);
    assert.equal(html, plain.renderString(page, {}));
  });
});
