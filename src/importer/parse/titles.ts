// Prose titles: the cues after which a talk's title starts ("talked about",
// "told us how to", "walked us through"), the words that belong to the
// sentence rather than the title, and where a prose title ends.
import { collapseSpaces, stripQuotes, toPlainText } from './inline-text.ts';
import { SPEAKER_VERBS, TALK_NOUNS, trimTrailingPunctuation } from './vocabulary.ts';

/** A capitalised word, a number or an opening quote comes next: what a title starts with. */
export const TITLE_AHEAD = String.raw`(?=\s+[\p{Lu}\p{N}"“‘])`;

/**
 * Any run of modifiers before a noun ("an engaging, practical and very honest talk on"): up to six words,
 * bounded so that the cue is matched in linear time.
 */
const MODIFIERS = String.raw`(?:[\p{L}-]+,?\s+){0,6}?`;

/** Phrases after which a talk's title starts, in prose ("… from Acme talked about Title"). */
export const TITLE_CUES: RegExp[] = [
  String.raw`(?:gave|giving|gives|give|with|delivered|delivering|had|did|doing|presented|presenting|ran|running)\s+(?:us\s+)?(?:a|an|his|her|their|the|our)\s+${MODIFIERS}(?:${TALK_NOUNS})\s+(?:on|about|of|called|titled|entitled|named)`,
  String.raw`(?:${TALK_NOUNS})\s+(?:on|about|called|titled|entitled|named)`,
  String.raw`(?:told|tell|telling|tells)\s+us(?:\s+all)?\s+about`,
  String.raw`(?:told|tell|telling|tells)\s+us(?:\s+(?:how to|how|that|why|what))?`,
  String.raw`(?:talked|talking|talks|spoke|speaking|speaks)(?:\s+to\s+us)?\s+(?:about|on)`,
  String.raw`(?:discussed|discussing|discusses|described|describing|describes|presented|presenting|presents|explored|exploring|explores|covered|covering|covers|demoed|demonstrated|demonstrating|introduced|introducing)(?:\s+us\s+to)?`,
  String.raw`(?:explained|explaining|explains|shared|sharing|shares|gave|giving|offered|offering)\s+(?:us\s+)?(?:his|her|their|its|our)\s+${MODIFIERS}(?:thoughts|views|experiences?|story|journey|lessons?|take|insights?|perspective|approach)\s+(?:on|behind|about|of|with|from|in)`,
  '(?:explained|explaining|explains)',
  // Cues that introduce an imperative or a question as the title ("inviting us to Rethink …", "asking Is …?")
  // count only when a capitalised title follows: "invited us to the pub" names no talk.
  String.raw`(?:inviting|invited|invites)\s+us\s+to${TITLE_AHEAD}`,
  String.raw`(?:helping|helped|helps)\s+us(?:\s+to)?${TITLE_AHEAD}`,
  String.raw`(?:showed|showing|shows)\s+us`,
  String.raw`(?:walked|walking|took|taking)\s+us\s+through`,
  String.raw`(?:asked|asking|asks)(?:\s+us)?${TITLE_AHEAD}`,
  String.raw`(?:saying|said)(?:\s+to)?${TITLE_AHEAD}`,
  String.raw`(?:looked|looking)\s+at`,
  'with',
].map((source) => new RegExp(`${source}(?=\\s)`, 'uy'));

/** Words at the start of a prose title that belong to the sentence, not the title ("told us how to Tame …", "discussed being Stateless"). */
export const TITLE_FILLER =
  /^(?:how to|how|whether|that|being|the|a|an|about|on|to|his|her|their|its|our|my)\s+(?=[\p{Lu}\p{N}"“‘[])/u;

/** A cue verb glued to the title by a missing space ("discussingWidget Fleets"): split where lower turns upper. */
const GLUED_CUE = new RegExp(
  `\\b(${SPEAKER_VERBS.replace(/\|(?:was|is|with|who)\b/g, '')}|about)(?=\\p{Lu}\\p{Ll})`,
  'gu',
);

/** The sentence with a space put back between a cue verb and a title glued to it. */
export function unglueCue(sentence: string): string {
  return sentence.replace(GLUED_CUE, '$1 ');
}

export function cleanTitle(raw: string): string | null {
  let t = collapseSpaces(toPlainText(raw));
  t = stripQuotes(t);
  for (let i = 0; i < 3; i++) t = t.replace(TITLE_FILLER, '');
  t = t.replace(/\s+[-–—]\s*$/, '');
  t = trimTrailingPunctuation(t);
  t = stripQuotes(t);
  return t || null;
}

export const PROSE_END =
  /,\s*(?:and\s+)?(?:his|her|their|my|our)\s|,\s*and\s+(?:in|left|he|she|they|then|gave|shared)\s|,\s*[a-z]+ing\b|\s+[-–—]\s+(?:his|her|their)\s/u;

/** The prose title after the speaker: after a cue such as "talked about", or (with a timestamp) the first capitalised word. */
export function proseTitle(after: string, allowBare: boolean): { title: string | null; cue: boolean } {
  const text = after.replace(/\s+/g, ' ');
  let start = -1;
  let cue = false;
  for (const word of text.matchAll(/\S+/g)) {
    const pos = word.index ?? 0;
    let best = 0;
    for (const re of TITLE_CUES) {
      re.lastIndex = pos;
      const m = re.exec(text);
      if (m && m[0].length > best) best = m[0].length;
    }
    if (best > 0) {
      start = pos + best;
      cue = true;
      break;
    }
  }
  if (start < 0 && allowBare) {
    const m = /(^|\s)([\p{Lu}\p{N}"“‘])/u.exec(text);
    if (m) start = (m.index ?? 0) + (m[1] ?? '').length;
  }
  if (start < 0) return { title: null, cue: false };
  let body = text.slice(start);
  const end = PROSE_END.exec(body);
  if (end) body = body.slice(0, end.index);
  return { title: cleanTitle(body), cue };
}
