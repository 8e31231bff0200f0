// Cuts a TCP byte stream into lines (CRLF or LF). A line longer than the limit is dropped whole
// and reported, so a device spewing garbage cannot grow memory without bound.
export class LineSplitter {
  private pending = '';
  private overflowing = false;

  constructor(private maxLength = 1024) {}

  /** Complete lines in this chunk; `tooLong` counts the lines dropped for their length. */
  push(chunk: string): { lines: string[]; tooLong: number } {
    const lines: string[] = [];
    let tooLong = 0;
    const pieces = (this.pending + chunk).split('\n');
    this.pending = pieces.pop() ?? '';
    for (const piece of pieces) {
      if (this.overflowing || piece.length > this.maxLength) {
        tooLong++;
        this.overflowing = false;
        continue;
      }
      const line = piece.endsWith('\r') ? piece.slice(0, -1) : piece;
      if (line.trim() !== '') lines.push(line.trim());
    }
    if (this.pending.length > this.maxLength) {
      this.pending = '';
      this.overflowing = true;
    }
    return { lines, tooLong };
  }

  /** What was left without a line end when the connection closed: a partial line. */
  rest(): string {
    return this.pending;
  }
}
