export function turnsDuringPass(reader: { crc32c: () => Promise<number>; close: () => void }): Promise<{ turns: number; crc: number }>;
