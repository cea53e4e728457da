import Form from '@rjsf/core';
import type { RJSFSchema, UiSchema } from '@rjsf/utils';
import { createPrecompiledValidator, type ValidatorFunctions } from '@rjsf/validator-ajv8';
import { useMemo, useState } from 'react';
import {
  campaignSchema,
  campaignValidators,
  contentSchema,
  contentValidators,
} from 'virtual:counterpoint/editor-forms';
import type { PageScreen, ProblemView } from '../data.ts';
import { problemText } from '../problem-text.ts';
import type { T } from './common.tsx';
import { campaignYaml, extraErrors, NO_DEFAULTS } from './form-data.ts';
import { uiSchemaFor } from './ui-schema.ts';
import {
  buttonTemplates,
  rjsfTranslator,
  Select,
  TextArea,
  TextInput,
  type FormContext,
} from './widgets.tsx';

/**
 * A precompiled validator that also answers for the schemas rjsf derives while drawing: for a text per
 * language it adds each language already written as a property (the same schema as
 * additionalProperties), which was not compiled; checked without them it is the same check. A schema
 * still unknown does not match (rjsf then shows the first alternative).
 */
function precompiled(fns: ValidatorFunctions, schema: RJSFSchema) {
  const validator = createPrecompiledValidator(fns, schema);
  const isValid = validator.isValid.bind(validator);
  validator.isValid = (s, data, root) => {
    try {
      return isValid(s, data, root);
    } catch {
      if (s && typeof s === 'object' && s.additionalProperties && s.properties) {
        const { properties: _, ...rest } = s;
        try {
          return isValid(rest, data, root);
        } catch {
          return false;
        }
      }
      return false;
    }
  };
  return validator;
}

// Validators compiled at build time (no code compiled in the browser); rjsf uses them to pick between
// alternatives (one text, or a text per language). Saving never waits for them: the server checks.
const campaignValidator = precompiled(campaignValidators, campaignSchema);
const contentValidator = precompiled(contentValidators, contentSchema);
const widgets = { TextWidget: TextInput, TextareaWidget: TextArea, SelectWidget: Select };
const templates = { ButtonTemplates: buttonTemplates };
/**
 * What every editor form shares: our widgets, problems shown beside their fields (from the server's
 * check, not the browser's), and no default filled in that the author did not choose.
 */
const SHARED = {
  widgets,
  templates,
  showErrorList: false,
  noHtml5Validate: true,
  noValidate: true,
  experimental_defaultFormStateBehavior: NO_DEFAULTS,
} as const;

const LONG_TEXT = new Set([
  'description',
  'summary',
  'share',
  'intro',
  'reality',
  'testimonies',
  'alternatives',
  'help',
]);

export function CampaignForm({
  t,
  initial,
  problems,
  busy,
  onSave,
  submitLabel,
  lockId = false,
}: {
  t: T;
  lockId?: boolean;
  initial: Record<string, unknown>;
  problems: ProblemView[];
  busy: boolean;
  onSave: (yaml: string, data: Record<string, unknown>) => void | Promise<void>;
  submitLabel: string;
}) {
  const lang = document.documentElement.lang || 'en';
  const uiSchema = useMemo(() => {
    const ui = uiSchemaFor(campaignSchema, t, lang, LONG_TEXT);
    ui['ui:submitButtonOptions'] = { submitText: submitLabel, props: { disabled: busy } };
    // Optional groups (a budget, anonymous reports, a tipline…) stay closed until the author opens one.
    ui['ui:globalOptions'] = { enableOptionalDataFieldForType: ['object'] };
    // The logo is drawing code, kept as it is but not shown; an existing campaign keeps its identifier.
    (ui['owner'] as UiSchema)['mark'] = { 'ui:widget': 'hidden' };
    if (lockId) (ui['id'] as UiSchema)['ui:readonly'] = true;
    return ui;
  }, [t, lang, submitLabel, busy, lockId]);
  const [data, setData] = useState<Record<string, unknown>>(initial);
  const translate = useMemo(() => rjsfTranslator(t), [t]);
  const errors = useMemo(
    () =>
      extraErrors(
        problems.filter((p) => p.form === 'campaign' && p.field),
        (p) => problemText(t, p),
      ),
    [problems, t],
  );
  return (
    <Form
      schema={campaignSchema}
      uiSchema={uiSchema}
      validator={campaignValidator}
      formData={data}
      {...SHARED}
      translateString={translate}
      extraErrors={errors}
      onChange={(e) => setData(e.formData as Record<string, unknown>)}
      onSubmit={(e) => void onSave(campaignYaml(e.formData), e.formData as Record<string, unknown>)}
    />
  );
}

export function PageForm({
  t,
  screen,
  problems,
  busy,
  onSave,
}: {
  t: T;
  screen: PageScreen;
  problems: ProblemView[];
  busy: boolean;
  onSave: (page: PageScreen['page']) => void | Promise<void>;
}) {
  const lang = document.documentElement.lang || 'en';
  const uiSchema = useMemo(() => {
    const ui = uiSchemaFor(contentSchema, t, lang, LONG_TEXT);
    for (const id of ['intro', 'reality', 'testimonies', 'alternatives', 'help'])
      (ui[id] as UiSchema)['ui:options'] = { rows: 8 };
    ui['ui:submitButtonOptions'] = { submitText: t('editor.page.save'), props: { disabled: busy } };
    return ui;
  }, [t, lang, busy]);
  const [data, setData] = useState<PageScreen['page']>(screen.page);
  const translate = useMemo(() => rjsfTranslator(t), [t]);
  const errors = useMemo(
    () =>
      extraErrors(
        problems.filter((p) => p.form === screen.lang && p.field),
        (p) => problemText(t, p),
      ),
    [problems, t, screen.lang],
  );
  const context: FormContext = { lang: screen.lang, dir: screen.dir };
  return (
    <Form
      schema={contentSchema}
      uiSchema={uiSchema}
      validator={contentValidator}
      formData={data}
      formContext={context}
      {...SHARED}
      translateString={translate}
      extraErrors={errors}
      onChange={(e) => setData(e.formData as PageScreen['page'])}
      onSubmit={(e) => void onSave(e.formData as PageScreen['page'])}
    />
  );
}
