export { useAccessData } from './useAccessData';
export type { AccessData } from './useAccessData';
export { useAccessTabLink } from './useAccessTabLink';
export {
  useJiraHost,
  useMaxDuration,
  useReviewDefaultDecision,
} from './useAppConfig';
export { useEntityNames } from './useEntityNames';
export { useNow } from './useNow';
export { useRoleTitles } from './useRoleTitles';
export type { RoleTitleOf } from './useRoleTitles';
export { useViewer } from './useViewer';
export { useRequestRecord } from './useRequestRecord';
export { useBulkDecisions } from './useBulkDecisions';
export type { BulkDecision } from './useBulkDecisions';
export { useCampaign } from './useCampaign';
export { useCampaignFilters } from './useCampaignFilters';
export { useCampaignSelection } from './useCampaignSelection';
export { useDownload } from './useDownload';
export { useCampaignItems } from './useCampaignItems';
export { LIST_PAGE_SIZE, usePagedList } from './usePagedList';
export type { PagedList } from './usePagedList';
export { useLiveReload } from './useLiveReload';
export { useInboxLink, useRequestLink } from './useRequestLink';
export { useRequestStory } from './useRequestStory';
export type { RequestStory } from './useRequestStory';
export { useIsAdmin } from './useIsAdmin';
