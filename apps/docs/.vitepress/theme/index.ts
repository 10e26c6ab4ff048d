// The default VitePress theme plus the interactive components used in the pages.
import DefaultTheme from 'vitepress/theme';
import type { Theme } from 'vitepress';
import SharingExplorer from './components/SharingExplorer.vue';
import ParameterTable from './components/ParameterTable.vue';
import TrainDemo from './components/TrainDemo.vue';
import PredictDemo from './components/PredictDemo.vue';

const theme: Theme = {
  extends: DefaultTheme,
  enhanceApp({ app }) {
    app.component('SharingExplorer', SharingExplorer);
    app.component('ParameterTable', ParameterTable);
    app.component('TrainDemo', TrainDemo);
    app.component('PredictDemo', PredictDemo);
  },
};
export default theme;
