/**
 * A YAML stream cut into documents the way kubectl cuts it (k8s.io/apimachinery
 * pkg/util/yaml YAMLReader): line by line, a line starting with `---` ends the document
 * before it when the rest of the line is blank or a comment, and is an error ("invalid Yaml
 * document separator") otherwise. Lines lose their `\r\n` or `\n` and get `\n` back, so CRLF
 * files read as LF files. Each piece is then decoded on its own (go-yaml reads only its first
 * document: content after a `...` marker in the same piece is ignored).
 */

export interface YamlChunk {
  readonly text: string;
  /** 0-based line of the chunk's first line in its file */
  readonly lineOffset: number;
}

export interface SplitResult {
  readonly chunks: YamlChunk[];
  /** the first invalid separator line, if any: kubectl stops reading there */
  readonly error?: { readonly line: number; readonly message: string } | undefined;
}

/** Go's strings.TrimSpace on the few whitespace characters that can occur here. */
function trimmed(s: string): string {
  return s.replace(/^[\s\u0085\u00a0]+|[\s\u0085\u00a0]+$/g, '');
}

export function splitKubectlDocuments(text: string): SplitResult {
  const chunks: YamlChunk[] = [];
  const hasCr = text.includes('\r');
  let chunkStart = 0; // offset of the chunk's first line
  let chunkLine = 0;
  let line = 0;
  let pos = 0;
  const push = (end: number) => {
    if (end > chunkStart) {
      let t = text.slice(chunkStart, end);
      if (hasCr) t = t.replace(/\r\n/g, '\n');
      if (!t.endsWith('\n')) t += '\n';
      chunks.push({ text: t, lineOffset: chunkLine });
    }
  };
  while (pos < text.length) {
    const nl = text.indexOf('\n', pos);
    const end = nl === -1 ? text.length : nl + 1;
    if (text.charCodeAt(pos) === 45 && text.startsWith('---', pos)) {
      let content = text.slice(pos + 3, nl === -1 ? text.length : nl);
      if (content.endsWith('\r')) content = content.slice(0, -1);
      const rest = trimmed(content);
      if (rest !== '' && rest[0] !== '#') {
        push(pos);
        return { chunks, error: { line: line + 1, message: `invalid Yaml document separator: ${rest}` } };
      }
      push(pos);
      chunkStart = end;
      chunkLine = line + 1;
    }
    pos = end;
    line++;
  }
  push(text.length);
  return { chunks };
}
