// Mojibake: UTF-8 bytes that were decoded as MacRoman or as Windows-1252,
// repaired line by line before the post is parsed.

/** Unicode characters for bytes 0x80–0xFF in MacRoman (Apple's 1998+ table, 0xDB = €). */
const MAC_ROMAN_HIGH =
  'ÄÅÇÉÑÖÜáàâäãåçéèêëíìîïñóòôöõúùûü†°¢£§•¶ß®©™´¨≠ÆØ∞±≤≥¥µ∂∑∏π∫ªºΩæø' +
  '¿¡¬√ƒ≈∆«»…\u00a0ÀÃÕŒœ–—“”‘’÷◊ÿŸ⁄€‹›ﬁﬂ‡·‚„‰ÂÊÁËÈÍÎÏÌÓÔ\uf8ffÒÚÛÙıˆ˜¯˘˙˚¸˝˛ˇ';

/** Unicode characters for bytes 0x80–0x9F in Windows-1252 (undefined bytes decode to C1 controls). */
const CP1252_80_9F = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

function reverseTable(high: string): Map<string, number> {
  const map = new Map<string, number>();
  [...high].forEach((ch, i) => {
    map.set(ch, 0x80 + i);
  });
  return map;
}

const MAC_ROMAN = reverseTable(MAC_ROMAN_HIGH);
const CP1252 = (() => {
  const map = reverseTable(CP1252_80_9F);
  // UTF-8 read as ISO-8859-1 leaves C1 control characters where Windows-1252 has symbols.
  for (let b = 0x80; b <= 0x9f; b++) map.set(String.fromCharCode(b), b);
  for (let b = 0xa0; b <= 0xff; b++) map.set(String.fromCharCode(b), b);
  return map;
})();

/** Exposed for tests: the byte a character stands for in each misreading. */
export const mojibakeTables = { macRoman: MAC_ROMAN, cp1252: CP1252 } as const;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Characters a misread UTF-8 sequence may legitimately stand for. Limiting the
 * repair to Latin letters and common punctuation keeps genuine text such as
 * `«É` or `“é` (which also look like lead + continuation bytes) untouched.
 */
function plausibleRepair(cp: number, byteCount: number): boolean {
  if (byteCount === 2) return cp >= 0xa0 && cp <= 0x17f;
  if (byteCount === 3) {
    return (
      (cp >= 0x1e00 && cp <= 0x1eff) ||
      (cp >= 0x2000 && cp <= 0x206f) ||
      cp === 0x20ac ||
      cp === 0x2122 ||
      (cp >= 0x2190 && cp <= 0x21ff)
    );
  }
  return false;
}

function repairWith(text: string, table: Map<string, number>): { text: string; count: number; firstIndex: number } {
  const chars = [...text];
  let out = '';
  let count = 0;
  let firstIndex = -1;
  let offset = 0;
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] as string;
    const lead = table.get(ch);
    const need = lead === undefined ? 0 : lead >= 0xc2 && lead <= 0xdf ? 1 : lead >= 0xe0 && lead <= 0xef ? 2 : 0;
    if (lead !== undefined && need > 0 && i + need < chars.length) {
      const bytes = [lead];
      for (let k = 1; k <= need; k++) {
        const b = table.get(chars[i + k] as string);
        if (b === undefined || b < 0x80 || b > 0xbf) break;
        bytes.push(b);
      }
      if (bytes.length === need + 1) {
        let decoded: string | null = null;
        try {
          decoded = utf8.decode(new Uint8Array(bytes));
        } catch {
          decoded = null;
        }
        const cp = decoded?.codePointAt(0);
        if (decoded && cp !== undefined && [...decoded].length === 1 && plausibleRepair(cp, bytes.length)) {
          out += decoded;
          if (firstIndex < 0) firstIndex = offset;
          count++;
          for (let k = 0; k <= need; k++) offset += (chars[i + k] as string).length;
          i += need;
          continue;
        }
      }
    }
    out += ch;
    offset += ch.length;
  }
  return { text: out, count, firstIndex };
}

export interface MojibakeRepair {
  text: string;
  /** Number of repaired sequences. */
  count: number;
  /** Offset (in the input) of the first repaired sequence, -1 when none. */
  firstIndex: number;
}

/** Characters that stand for a UTF-8 lead byte (0xC2–0xEF) in either misreading: no repair is possible without one. */
const LEAD_CHARS = new Set(
  [...MAC_ROMAN, ...CP1252].filter(([, byte]) => byte >= 0xc2 && byte <= 0xef).map(([ch]) => ch),
);

function mayNeedRepair(text: string): boolean {
  for (const ch of text) if (LEAD_CHARS.has(ch)) return true;
  return false;
}

/**
 * Repairs UTF-8 text that was decoded as MacRoman (`Caf√© Systems`) or as
 * Windows-1252/ISO-8859-1 (`CafÃ© Systems`), sequence by sequence.
 */
export function repairMojibake(text: string): MojibakeRepair {
  if (!mayNeedRepair(text)) return { text, count: 0, firstIndex: -1 };
  const mac = repairWith(text, MAC_ROMAN);
  const win = repairWith(mac.text, CP1252);
  const firsts = [mac.firstIndex, win.firstIndex].filter((i) => i >= 0);
  return { text: win.text, count: mac.count + win.count, firstIndex: firsts.length ? Math.min(...firsts) : -1 };
}
