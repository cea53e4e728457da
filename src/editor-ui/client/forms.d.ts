// The module src/editor-ui/schemas.ts writes at build time (the editor's form schemas and validators).
declare module 'virtual:counterpoint/editor-forms' {
  import type { ValidatorFunctions } from '@rjsf/validator-ajv8';
  import type { RJSFSchema } from '@rjsf/utils';
  export const campaignSchema: RJSFSchema;
  export const campaignValidators: ValidatorFunctions;
  export const contentSchema: RJSFSchema;
  export const contentValidators: ValidatorFunctions;
}
