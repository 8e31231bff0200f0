// What spectators may see of runners: declared once in shared/board/public-rows.ts.
export { isPublic, publicRow, publicRows } from '../../shared/board/public-rows';
