// A roundup as long as the import limits allow (or longer), written in the
// fixtures' style: sponsors in one sentence, then each talk introduced by
// its speaker's photo with its takeaways as a list.

const FIRST_NAMES = ['Nora', 'Otto', 'Pia', 'Quinn', 'Rosa', 'Sami', 'Tova', 'Umar', 'Vera', 'Wes'];

export interface LongPostShape {
  talks: number;
  takeawaysPerTalk: number;
  sponsors: number;
  /** The post's title (the month and year it names must agree with its date). */
  title?: string;
  /** Extra front matter, as YAML lines. */
  frontMatter?: string[];
}

export function longPost(shape: LongPostShape): string {
  const sponsors = Array.from(
    { length: shape.sponsors },
    (_, i) => `[Sponsor ${i + 1}](https://sponsor-${i + 1}.example/)`,
  );
  const lines = [
    '---',
    'layout: post',
    `title: "${shape.title ?? 'Platform Tinkerers Leeds May 2032 - A very long evening'}"`,
    ...(shape.frontMatter ?? []),
    '---',
    '',
    'May was our longest night yet.',
    '',
    `Our sponsors ${sponsors.slice(0, -1).join(', ')} and ${sponsors.at(-1)} kept everyone fed - thank you!`,
    '',
  ];
  for (let t = 0; t < shape.talks; t += 1) {
    const name = `${FIRST_NAMES[t % FIRST_NAMES.length]} Longfield${String.fromCharCode(65 + Math.floor(t / FIRST_NAMES.length))}`;
    lines.push(
      `![${name}](/images/s${t}.jpeg)`,
      '',
      `${name} opened with a talk on Topic Number ${t + 1}, explaining that:`,
      '',
    );
    for (let k = 0; k < shape.takeawaysPerTalk; k += 1) {
      lines.push(`- Point ${k + 1} of talk ${t + 1} is worth keeping in mind.`);
    }
    lines.push('');
  }
  return lines.join('\n');
}
