import { placementNotice, summarisePlacements } from '../clusters/regions.ts';
import { rejectionNotices } from '../clusters/rejections.ts';
import {
  type ClusterCountRow,
  clusterCounts,
  type MemberCompositionRow,
  memberComposition,
} from '../metrics/clusterCounts.ts';
import type { ParsedInputs } from '../model/computedTables.ts';
import type { Notice } from '../model/notice.ts';

export interface ClusterTables {
  clusterOrganisations: ClusterCountRow[];
  memberComposition: MemberCompositionRow[];
  notices: Notice[];
}

/** Cluster organisations per country, region, ecosystem and partnership, and their members' mix. */
export function clusterTables(
  inputs: Pick<ParsedInputs, 'organisations' | 'organisationRejections' | 'cityLookup'>,
  levelFor: (country: string) => number,
): ClusterTables {
  const { organisations, cityLookup } = inputs;
  if (organisations === undefined) {
    return {
      clusterOrganisations: [],
      memberComposition: [],
      notices: [
        {
          table: 'cluster_organisations',
          message:
            'no eccp/cluster_organisations.(csv|json) in the input: cluster_organisations and member_composition are empty',
        },
      ],
    };
  }
  const notices: Notice[] = [];
  if (inputs.organisationRejections?.total === 0) {
    notices.push({
      table: 'cluster_organisations',
      message: `${inputs.organisationRejections.file} has no organisations (a header only, or an empty list): cluster_organisations and member_composition are empty`,
    });
  }
  if (inputs.organisationRejections) notices.push(...rejectionNotices(inputs.organisationRejections));
  notices.push(placementNotice(summarisePlacements(organisations, levelFor, cityLookup), cityLookup));
  const synthetic = organisations.filter((o) => o.syntheticFields.length > 0).length;
  if (synthetic > 0) {
    const fields = [...new Set(organisations.flatMap((o) => o.syntheticFields))].join(', ');
    notices.push({
      table: 'cluster_organisations',
      message: `${synthetic} of ${organisations.length} organisations have synthetic fields (${fields}): those counts are not the ECCP's`,
    });
  }
  return {
    clusterOrganisations: clusterCounts(organisations, levelFor, cityLookup),
    memberComposition: memberComposition(organisations),
    notices,
  };
}
