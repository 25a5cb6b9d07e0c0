"""The Reports screen (supervisors and admins): the daily report, its charts, drill-downs and exports."""
