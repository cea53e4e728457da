// The editor's configuration is generated from the zod schema (src/editor/config.ts); do not add fields here.
import { campaignsDir } from 'virtual:counterpoint-editor';
import { makeEditorConfig } from './src/editor/config.ts';

export default makeEditorConfig(campaignsDir);
