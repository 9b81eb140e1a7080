declare const __CAIRN_SCRIPT_TAG__: boolean | undefined;

/**
 * True in the script-tag build only (tsup defines `__CAIRN_SCRIPT_TAG__` there). Its config is
 * JSON, which cannot hold a Standard Schema validator, so the code that runs validators is left
 * out of that build (about 0.4 KB); npm builds and tests keep it.
 */
export const JSON_CONFIG_ONLY: boolean = typeof __CAIRN_SCRIPT_TAG__ === 'boolean' && __CAIRN_SCRIPT_TAG__;
