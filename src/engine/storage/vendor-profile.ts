// The differences between storage vendors that the seeds spell out, in one table, so the workflow
// code asks "does this array …" instead of comparing vendor names:
//  - NetApp ONTAP (and the ONTAP-based Fujitsu ETERNUS HX/AX, Lenovo ThinkSystem DM/DG) and HPE
//    Nimble/Alletra keep auxiliary snapshots on the primary: the snapshot chain never drops below 1.
//  - Nimble/Alletra start snapshot transport as soon as a snapshot is created, so transport and
//    VM snapshot deletion run in parallel.
//  - Exporting a volume from ONTAP SnapMirror/SnapVault secondaries needs a licence.

export type StorageVendor = 'NetApp' | 'Nimble' | 'Alletra' | 'Fujitsu' | 'Lenovo' | 'Generic';

export interface VendorProfile {
  Vendor: StorageVendor;
  /** The primary keeps an auxiliary snapshot as the base of the next transfer. */
  AuxiliarySnapshots: boolean;
  /** Transport to the secondary starts by itself when a snapshot is created. */
  TransferOnCreate: boolean;
  /** Mounting a secondary's snapshot needs the volume export licence. */
  ExportLicenseRequired: boolean;
}

const PROFILES: Record<StorageVendor, Omit<VendorProfile, 'Vendor'>> = {
  NetApp: { AuxiliarySnapshots: true, TransferOnCreate: false, ExportLicenseRequired: true },
  Fujitsu: { AuxiliarySnapshots: true, TransferOnCreate: false, ExportLicenseRequired: true },
  Lenovo: { AuxiliarySnapshots: true, TransferOnCreate: false, ExportLicenseRequired: true },
  Nimble: { AuxiliarySnapshots: true, TransferOnCreate: true, ExportLicenseRequired: false },
  Alletra: { AuxiliarySnapshots: true, TransferOnCreate: true, ExportLicenseRequired: false },
  Generic: { AuxiliarySnapshots: false, TransferOnCreate: false, ExportLicenseRequired: false },
};

export const VENDORS = Object.keys(PROFILES) as StorageVendor[];

/** Case-insensitive lookup; undefined for an unknown vendor. */
export function vendorProfile(vendor: string): VendorProfile | undefined {
  const hit = VENDORS.find((v) => v.toLowerCase() === vendor.toLowerCase());
  return hit ? { Vendor: hit, ...PROFILES[hit] } : undefined;
}
