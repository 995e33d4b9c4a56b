export declare const quietWorkbenchSettings: Readonly<Record<string, unknown>>;
