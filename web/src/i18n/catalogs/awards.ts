import { catalog } from '../catalog';

export default catalog({
  en: {
    title: 'awards',
  },
  ja: {
    title: 'awards',
  },
});
