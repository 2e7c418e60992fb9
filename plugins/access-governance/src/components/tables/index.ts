export { DataTable, TableEmpty, tableOptions } from './DataTable';
export { OwnRequestsTable } from './OwnRequestsTable';
export { PendingRequestsTable } from './PendingRequestsTable';
export { LoadMore } from './LoadMore';
