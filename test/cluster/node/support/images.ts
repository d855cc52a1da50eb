// Prints the api, web and collector image names the node tier's release uses, for
// scripts/cluster/test-tier2.sh: the api and web Deployments' containers and the api pod's
// collector sidecar.
import { K8sObject } from '../../support/cluster';
import { collectorImage, renderedPodSpecs } from './release';

const specs = renderedPodSpecs();
const pod = (suffix: string): K8sObject => {
  const found = [...specs].find(([name]) => name.endsWith(suffix));
  if (!found) throw new Error(`the chart renders no Deployment named *${suffix}`);
  return found[1];
};
console.log(
  [pod('-api').containers[0].image, pod('-web').containers[0].image, collectorImage(specs)].join(
    ' ',
  ),
);
