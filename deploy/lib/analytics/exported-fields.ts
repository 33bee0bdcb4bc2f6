/** The exported datasets' fields are the app's (its exporter writes them): one list, read by the Glue tables and queries. */
export * from '../../../libs/analytics-export/src/exported-fields';
