// Prints the api and web image names the node tier's release uses, for scripts/cluster/test-tier2.sh.
import { renderedImages } from './release';

const images = renderedImages();
const pick = (suffix: string): string => {
  const found = [...images].find(([name]) => name.endsWith(suffix));
  if (!found) throw new Error(`the chart renders no Deployment named *${suffix}`);
  return found[1];
};
console.log(`${pick('-api')} ${pick('-web')}`);
