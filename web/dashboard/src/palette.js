// The dashboard's series colours, shared by the ECharts charts (charts.js) and the ones drawn with the page.
export const PALETTE = ['#4f46e5', '#0ea5e9', '#10b981', '#f59e0b', '#ef4444', '#8b5cf6', '#ec4899', '#14b8a6', '#64748b', '#a3a3a3'];
