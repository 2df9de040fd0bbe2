export declare const MAX_FUNCTION_LINES: number;
export declare const MAX_FILES_PER_FOLDER: number;
export declare function listSources(dir: string): string[];
export declare function functionsIn(fileName: string, text: string): Array<{ name: string; line: number; lines: number }>;
export declare function longFunctions(files: string[]): string[];
export declare function crowdedFolders(files: string[]): string[];
export declare function importGraph(files: string[]): Map<string, string[]>;
export declare function findCycles(graph: Map<string, string[]>): string[];
export declare function houseRuleBreaches(): string[];
