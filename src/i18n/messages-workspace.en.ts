/** The facility workspace's frame: its sections and the admin's facility choice. */
export const workspaceEn = {
  'web.facility.title': 'Facility workspace',
  'web.facility.sections': 'Workspace sections',
  'web.facility.tab.reports': 'Reports',
  'web.facility.tab.staff': 'Staff accounts',
  'web.facility.tab.devices': 'Units and devices',
  'web.facility.choose': 'Facility',
  'web.facility.chooseButton': 'Open',
  'web.facility.chooseLead': 'Choose the facility to work on.',
};
