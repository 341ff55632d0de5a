/** The one error an import ends with: which file, which record in it, and what is wrong. */
export class ReferenceImportError extends Error {
  constructor(
    readonly file: string,
    /** `line 17`, `feature 3 (id G12)`, `item 4 (code C0103)`, `whole file` or `all features`. */
    readonly record: string,
    readonly problem: string,
  ) {
    super(`${file}, ${record}: ${problem}`)
    this.name = 'ReferenceImportError'
  }
}
