import type { DeliveryAddress } from '../../shared/api/types';
import type { AddressDraft } from './checkout-store';

export type AddressErrors = Partial<Record<keyof AddressDraft, string>>;

/** The same limits the API applies, said before the order is sent. */
export function validateAddress(address: AddressDraft): AddressErrors {
  const errors: AddressErrors = {};
  if (!address.line1.trim()) errors.line1 = 'Enter the street address.';
  else if (address.line1.trim().length > 120) errors.line1 = 'Keep the street address to 120 characters.';
  if (address.line2.trim().length > 120) errors.line2 = 'Keep this line to 120 characters.';
  if (!address.city.trim()) errors.city = 'Enter the suburb.';
  else if (address.city.trim().length > 60) errors.city = 'Keep the suburb to 60 characters.';
  if (!/^\d{4}$/.test(address.postcode.trim())) errors.postcode = 'Enter a 4-digit postcode.';
  if (address.name.trim().length > 80) errors.name = 'Keep the name to 80 characters.';
  return errors;
}

/** What the API is sent: empty optional lines are left out. */
export function toDeliveryAddress(address: AddressDraft): DeliveryAddress {
  const name = address.name.trim();
  const line2 = address.line2.trim();
  return {
    ...(name ? { name } : {}),
    line1: address.line1.trim(),
    ...(line2 ? { line2 } : {}),
    city: address.city.trim(),
    postcode: address.postcode.trim(),
    country: 'AU',
  };
}
